/**
 * Setting the checkpoint up, while online: the issuer service's address and, optionally, the
 * root key to pin (pasted from the operator). Without one, the root is fetched from the
 * service once and pinned: its kid is shown to compare with the operator's. A sync fetches
 * the trust list, then the issuer's status list (when the service publishes one).
 */
import { isHealthCodeError } from 'healthcode';
import { state } from '../app.js';
import { bi, h } from '../dom.js';
import { forgetTrust, syncTrust } from '../trust.js';
import type { View } from '../view.js';
import { trustInfo } from './trust-info.js';

/** Where the form's first value comes from: `?source=` in the page's address, or the last sync. */
function defaultSource(): string {
  return new URLSearchParams(location.search).get('source') ?? state.trust?.saved.source ?? '';
}

function parseRoot(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return undefined;
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new Error('the root key is not JSON: paste the JWK your operator gave you');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new Error('the root key is not a JWK object');
  return jwk as Record<string, unknown>;
}

export function setupView(): View {
  const source = h('input', { type: 'url', id: 'source', required: true, placeholder: 'https://issuer.example/', value: defaultSource(), 'data-testid': 'source' });
  const root = h('textarea', { id: 'root', rows: '3', placeholder: '{"kty":"OKP","crv":"Ed25519","x":"…"}', 'data-testid': 'root' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'sync' }, bi('下载信任列表', 'Load trust list'));
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'setup-status' });
  const info = h('div', {}, trustInfo(state.trust));
  const pinned = h('p', { class: 'pinned', 'data-testid': 'pinned' });
  const showPinned = (): void => {
    const kid = state.trust?.saved.root.kid;
    pinned.replaceChildren(typeof kid === 'string' ? bi(`已固定根密钥 ${kid}`, `Pinned root key ${kid}`) : '');
  };
  showPinned();

  const form = h(
    'form',
    { class: 'setup-form' },
    h('label', { for: 'source' }, bi('签发服务地址', 'Issuer service address')),
    source,
    h('label', { for: 'root' }, bi('根密钥（可选，JWK）', 'Root key to pin (optional, JWK)')),
    root,
    h('p', { class: 'hint' }, bi('留空则首次从服务获取并固定，请与管理员核对 kid', 'Left empty, it is fetched from the service once and pinned: compare its kid with your operator’s')),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      submit.disabled = true;
      status.className = 'status';
      status.replaceChildren(bi('正在同步…', 'Syncing…'));
      try {
        state.trust = await syncTrust(source.value, parseRoot(root.value));
        state.trustProblem = undefined;
        showPinned();
        // The status list is signed by an issuer key of the list just synced, so it comes second.
        const statusNote: (Node | string)[] = [];
        let statusFailed = false;
        try {
          const { syncStatusList } = await import('../status-list.js');
          state.statusList = await syncStatusList(state.trust);
          state.statusListProblem = undefined;
          if (!state.statusList) statusNote.push(h('br'), bi('该服务不发布状态列表：按码上颜色显示', 'This service publishes no status list: colours as issued'));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          statusFailed = true;
          statusNote.push(h('br'), bi('状态列表同步失败，仍使用原列表', 'Status list sync failed, the previous one stays in use'), h('br'), isHealthCodeError(error) ? `${error.code}: ${message}` : message);
        }
        status.replaceChildren(bi('已更新，可离线使用', 'Updated: this checkpoint now works offline'), ...statusNote);
        status.className = statusFailed ? 'status error' : 'status ok';
        info.replaceChildren(trustInfo(state.trust));
      } catch (error) {
        status.className = 'status error';
        const message = error instanceof Error ? error.message : String(error);
        status.replaceChildren(bi('同步失败，仍使用原列表', 'Sync failed, the previous list stays in use'), h('br'), isHealthCodeError(error) ? `${error.code}: ${message}` : message);
      } finally {
        submit.disabled = false;
      }
    })();
  });

  const forget = h('button', { type: 'button', class: 'quiet', 'data-testid': 'forget' }, bi('清除信任列表、状态列表与根密钥', 'Forget the lists and the pinned root'));
  forget.addEventListener('click', () => {
    void Promise.all([forgetTrust(), import('../status-list.js').then((m) => m.forgetStatusList())]).then(() => {
      state.trust = undefined;
      state.statusList = undefined;
      info.replaceChildren(trustInfo(undefined));
      showPinned();
    });
  });

  const element = h(
    'section',
    { class: 'setup', 'data-testid': 'setup-view' },
    h('header', {}, h('h1', {}, bi('核验点设置', 'Checkpoint setup')), h('a', { href: '#/', class: 'setup-link', 'data-testid': 'back' }, bi('返回扫码', 'Back to scanning'))),
    info,
    pinned,
    form,
    status,
    forget,
  );
  return { element };
}
