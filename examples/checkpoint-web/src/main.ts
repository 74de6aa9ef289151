/**
 * The checkpoint page: loads the saved trust list, registers the service worker (so the page
 * itself works with no network), and routes `#/` (scan), `#/setup` and `#/show?code=…`
 * (the holder view, loaded on demand).
 */
import { state } from './app.js';
import { bi, h } from './dom.js';
import { loadTrust } from './trust.js';
import { show } from './view.js';
import { scanView } from './views/scan-view.js';
import { setupView } from './views/setup-view.js';

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?', 2) as [string, string?];
  if (path === '/show') {
    const code = new URLSearchParams(query).get('code') ?? '';
    const { holderView } = await import('./views/holder-view.js');
    show(holderView(code));
  } else if (path === '/setup') {
    show(setupView());
  } else {
    show(scanView());
  }
}

async function registerServiceWorker(): Promise<void> {
  if (!__SERVICE_WORKER__ || !('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('./sw.js', { scope: './' });
  } catch (error) {
    console.warn('checkpoint: the service worker did not register; the page will need the network', error);
  }
}

async function start(): Promise<void> {
  void registerServiceWorker();
  try {
    state.trust = await loadTrust();
  } catch (error) {
    // A saved list that no longer checks out is not used; the operator syncs again.
    state.trustProblem = `saved trust list refused: ${error instanceof Error ? error.message : String(error)}`;
  }
  window.addEventListener('hashchange', () => void route());
  await route();
  document.body.dataset.ready = 'true';
}

start().catch((error: unknown) => {
  document.getElementById('app')!.replaceChildren(h('p', { class: 'status error' }, bi('页面启动失败', 'The page failed to start'), h('br'), String(error)));
});
