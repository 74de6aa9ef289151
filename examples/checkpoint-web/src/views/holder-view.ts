/**
 * The holder view (`#/show?code=HQ1:…`): the code drawn large for the phone being scanned,
 * with the screen kept awake where the browser allows. Loaded on demand, so the QR renderer
 * is not part of the checkpoint's own JavaScript.
 */
import { renderSvg } from 'healthcode/qr';
import { bi, h } from '../dom.js';
import type { View } from '../view.js';

interface WakeLockSentinelLike {
  release(): Promise<void>;
}

export function holderView(code: string): View {
  const picture = h('div', { class: 'qr', 'data-testid': 'holder-qr', role: 'img', 'aria-label': 'QR code' });
  let problem: HTMLElement | null = null;
  try {
    // The SVG is our renderer's own output (a path of modules), never the text itself.
    picture.innerHTML = renderSvg(code, { margin: 4, scale: 8 });
  } catch (error) {
    problem = h('p', { class: 'status error' }, bi('无法显示该码', 'This code cannot be drawn'), h('br'), error instanceof Error ? error.message : String(error));
  }
  let lock: WakeLockSentinelLike | undefined;
  const wakeLock = (navigator as { wakeLock?: { request(type: 'screen'): Promise<WakeLockSentinelLike> } }).wakeLock;
  wakeLock?.request('screen').then((l) => (lock = l), () => undefined);
  const element = h(
    'section',
    { class: 'holder', 'data-testid': 'holder-view' },
    problem ?? picture,
    h('p', { class: 'hint' }, bi('请出示此码供核验', 'Show this code to the checkpoint')),
    h('a', { href: '#/', class: 'setup-link' }, bi('核验模式', 'Checkpoint mode')),
  );
  return {
    element,
    dispose() {
      void lock?.release();
    },
  };
}
