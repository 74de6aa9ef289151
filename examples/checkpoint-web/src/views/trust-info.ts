/**
 * One line on the trust list in use: its `seq`, how old it is (signed, synced), when it goes
 * stale, and a warning once it has.
 */
import { nowSeconds } from '../app.js';
import { bi, h } from '../dom.js';
import { age } from '../messages.js';
import type { Trust } from '../trust.js';

/** The trust-list line, or a prompt to set up when there is none. */
export function trustInfo(trust: Trust | undefined): HTMLElement {
  if (!trust) {
    return h('div', { class: 'trust-info warn', 'data-testid': 'trust-info' }, bi('尚无信任列表：请联网设置', 'No trust list yet: set up while online'));
  }
  const now = nowSeconds();
  const { issuedAt = now, expiresAt = now, seq = 0 } = trust.list.meta;
  const signed = age(now - issuedAt);
  const synced = age(now - trust.saved.syncedAt);
  const stale = now > expiresAt;
  const expiry = age(now - expiresAt);
  return h(
    'div',
    { class: stale ? 'trust-info warn' : 'trust-info', 'data-testid': 'trust-info', 'data-stale': String(stale) },
    bi(`信任列表 #${seq}，${signed.zh}签发，${synced.zh}同步`, `Trust list #${seq}, signed ${signed.en}, synced ${synced.en}`, 'div'),
    stale
      ? bi(`已过期（${expiry.zh}），请联网同步`, `OUT OF DATE (expired ${expiry.en}): sync while online`, 'div')
      : bi(`${expiry.zh}过期`, `expires ${expiry.en}`, 'div'),
  );
}
