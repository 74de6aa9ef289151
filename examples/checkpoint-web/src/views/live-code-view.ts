/**
 * The holder's live code (`#/holder`, or `#/show` without a code): the credential bound to
 * this browser's key, shown as an `HQ1P:` presentation signed again every
 * {@link REFRESH_SECONDS} seconds with a visible countdown, and the colour large beside it.
 * A screenshot of it is refused a minute later (PRESENTATION_EXPIRED); the same picture
 * shown twice at one checkpoint is refused the second time (REPLAYED). Without a credential
 * it shows the declaration form. Loaded on demand.
 */
import { renderSvg } from 'healthcode/qr';
import { nowSeconds, state } from '../app.js';
import { bi, h } from '../dom.js';
import { forgetCredential, requestCredential, storedCredential, type HolderCredential } from '../holder/credential.js';
import { holderKey, signingKeyOf, type HolderKeyRecord } from '../holder/holder-key.js';
import { presentCredential } from '../holder/signer.js';
import { STATUS_LABELS } from '../messages.js';
import type { View } from '../view.js';
import { holderForm } from './holder-form.js';

/** Seconds between two presentations: well inside a verifier's window (60 s), so a code on screen is always fresh. */
export const REFRESH_SECONDS = 10;
/** How often the countdown is redrawn, in ms. */
const TICK_MS = 1_000;

interface WakeLockSentinelLike {
  release(): Promise<void>;
}

function localTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString('zh-CN', { hour12: false });
}

/** The visible warning of the fallback: the key can be read out of this browser's storage. */
function keyNote(key: HolderKeyRecord): HTMLElement[] {
  if (key.kind === 'crypto-key') return [];
  return [h(
    'p',
    { class: 'key-note', 'data-testid': 'key-note' },
    bi(
      '注意：您的密钥以可读数据保存在本机，而非不可导出的密钥；能读取本浏览器存储的人可以复制您的实时码',
      "Note: your key is kept on this phone as readable data, not as a non-extractable key: anyone who can read this browser's storage can copy your live code",
    ),
  )];
}

/** The address the form starts with: `?source=`, the last credential's, or the checkpoint's own. */
function defaultSource(previous: HolderCredential | undefined): string {
  return new URLSearchParams(location.search).get('source') ?? previous?.source ?? state.trust?.saved.source ?? '';
}

export function liveCodeView(options: { forceExtractableKey?: boolean } = {}): View {
  const element = h('section', { class: 'live', 'data-testid': 'live-view' }, h('p', { class: 'hint' }, bi('正在准备…', 'Getting ready…')));
  let disposed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lock: WakeLockSentinelLike | undefined;
  const header = (): HTMLElement => h('header', {}, h('h1', {}, bi('我的健康码', 'My health code')), h('a', { href: '#/', class: 'setup-link' }, bi('核验模式', 'Checkpoint mode')));

  const showForm = (key: HolderKeyRecord, previous: HolderCredential | undefined, notice?: HTMLElement): void => {
    if (timer !== undefined) clearInterval(timer);
    element.replaceChildren(
      header(),
      holderForm({
        source: defaultSource(previous),
        ...(notice && { notice }),
        onSubmit: async (source, declaration) => {
          const credential = await requestCredential(source, declaration, key.publicJwk);
          if (!disposed) await showLive(key, credential);
        },
      }),
      ...keyNote(key),
    );
  };

  const showLive = async (key: HolderKeyRecord, credential: HolderCredential): Promise<void> => {
    const label = STATUS_LABELS[credential.status];
    const qr = h('div', { class: 'qr', 'data-testid': 'live-qr', role: 'img', 'aria-label': 'live QR code' });
    const countdown = h('p', { class: 'countdown', 'data-testid': 'countdown' });
    const bar = h('progress', { max: String(REFRESH_SECONDS), value: String(REFRESH_SECONDS), 'aria-hidden': 'true' });
    const again = h('button', { type: 'button', class: 'quiet', 'data-testid': 'new-code' }, bi('重新申领', 'Get a new code'));
    again.addEventListener('click', () => void forgetCredential().then(() => showForm(key, credential)));
    element.replaceChildren(
      header(),
      h(
        'div',
        { class: `live-code ${credential.status}` },
        h('div', { class: 'colour', 'data-testid': 'live-colour', 'data-status': credential.status }, h('span', { lang: 'zh-CN' }, label.zh), h('span', { lang: 'en' }, label.en)),
        qr,
      ),
      h('div', { class: 'countdown-row' }, countdown, bar),
      h('p', { class: 'who', 'data-testid': 'live-who' }, `${credential.name} …${credential.idHint}`),
      h('p', { class: 'hint' }, bi(`有效期至 ${localTime(credential.expiresAt)}`, `valid until ${localTime(credential.expiresAt)}`)),
      h('p', { class: 'hint' }, bi('实时码每 10 秒更新：截图或转发的图片一分钟后失效', 'A live code: it changes every 10 s, and a screenshot or forwarded picture stops working within a minute')),
      ...keyNote(key),
      again,
    );

    let presentedMs = 0;
    let drawing = false;
    const problem = (error: unknown): void => {
      countdown.className = 'countdown status error';
      countdown.replaceChildren(bi('无法生成实时码', 'The live code cannot be signed'), ` ${error instanceof Error ? error.message : String(error)}`);
    };
    // aria-busy while a new presentation is signed and drawn (and the countdown reset): assistive
    // technology, and tests, can tell a redraw in progress from a settled code.
    const redraw = async (): Promise<void> => {
      drawing = true;
      qr.setAttribute('aria-busy', 'true');
      try {
        const nowMs = Date.now();
        const t = Math.floor(nowMs / 1000);
        const text = await presentCredential(credential.code, signingKeyOf(key), t);
        if (disposed) return;
        // The SVG is our renderer's own output (a path of modules), never the text itself.
        qr.innerHTML = renderSvg(text, { margin: 4, scale: 8 });
        qr.dataset.presentedAt = String(t);
        presentedMs = nowMs;
      } finally {
        drawing = false;
      }
      try {
        tick();
      } finally {
        qr.removeAttribute('aria-busy');
      }
    };
    const tick = (): void => {
      if (disposed || drawing) return;
      if (nowSeconds() >= credential.expiresAt) {
        showForm(key, credential, h('p', { class: 'status error', 'data-testid': 'holder-status' }, bi('码已过期，请重新申领', 'Your code has expired: get a new one')));
        return;
      }
      const left = Math.ceil((presentedMs + REFRESH_SECONDS * 1000 - Date.now()) / 1000);
      if (left <= 0) {
        redraw().catch(problem);
        return;
      }
      countdown.replaceChildren(bi(`${left} 秒后刷新`, `refreshes in ${left} s`));
      bar.value = left;
    };
    if (timer !== undefined) clearInterval(timer);
    await redraw();
    timer = setInterval(tick, TICK_MS);
  };

  void (async () => {
    try {
      const key = await holderKey({ forceExtractable: options.forceExtractableKey === true });
      element.dataset.keyKind = key.kind;
      const credential = await storedCredential();
      if (disposed) return;
      if (credential && credential.holderX === key.publicJwk.x && credential.expiresAt > nowSeconds()) await showLive(key, credential);
      else showForm(key, credential);
    } catch (error) {
      element.replaceChildren(h('p', { class: 'status error' }, bi('无法准备实时码', 'The live code cannot be prepared on this phone'), h('br'), error instanceof Error ? error.message : String(error)));
    }
  })();
  const wakeLock = (navigator as { wakeLock?: { request(type: 'screen'): Promise<WakeLockSentinelLike> } }).wakeLock;
  wakeLock?.request('screen').then((l) => (lock = l), () => undefined);
  return {
    element,
    dispose() {
      disposed = true;
      if (timer !== undefined) clearInterval(timer);
      void lock?.release();
    },
  };
}
