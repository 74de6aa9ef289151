/**
 * The checkpoint page: loads the saved trust list and status list, registers the service
 * worker (so the page itself works with no network), and routes `#/` (scan), `#/setup`,
 * `#/show?code=…` (a code drawn large) and `#/holder` or `#/show` (the holder's live code,
 * `?key=jwk` forces the extractable-key fallback); the holder views load on demand.
 */
import { state } from './app.js';
import { bi, h } from './dom.js';
import { has, STATUS_LIST_KEY } from './storage.js';
import { loadTrust } from './trust.js';
import { show } from './view.js';
import { scanView } from './views/scan-view.js';
import { setupView } from './views/setup-view.js';

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const code = params.get('code');
  if (path === '/show' && code !== null) {
    const { holderView } = await import('./views/holder-view.js');
    show(holderView(code));
  } else if (path === '/show' || path === '/holder') {
    const { liveCodeView } = await import('./views/live-code-view.js');
    show(liveCodeView({ forceExtractableKey: params.get('key') === 'jwk' }));
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
  if (state.trust && (await has(STATUS_LIST_KEY))) {
    try {
      const { loadStatusList } = await import('./status-list.js');
      state.statusList = await loadStatusList(state.trust);
    } catch (error) {
      // Without it, codes show their own colour; the operator syncs again.
      state.statusListProblem = `saved status list refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  window.addEventListener('hashchange', () => void route());
  await route();
  document.body.dataset.ready = 'true';
}

start().catch((error: unknown) => {
  document.getElementById('app')!.replaceChildren(h('p', { class: 'status error' }, bi('页面启动失败', 'The page failed to start'), h('br'), String(error)));
});
