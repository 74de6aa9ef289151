/**
 * The header lines on what this checkpoint holds: the trust list (its `seq`, how old it is,
 * when it goes stale, a warning once it has) and the status list (how old, until when it is
 * used, a warning once it is not).
 */
import { nowSeconds, state } from '../app.js';
import { bi, h } from '../dom.js';
import { age } from '../messages.js';
import type { HeldStatusList } from '../status-list.js';
import type { Trust } from '../trust.js';

/** The status-list line: absent when the source publishes no list. */
function statusListInfo(held: HeldStatusList | undefined, now: number): HTMLElement | null {
  if (!held?.list.meta) return null;
  const { issuedAt, currentUntil } = held.list.meta;
  // A list is signed for the second after its snapshot (see the issuer service): never "in 1 s".
  const signed = age(Math.max(0, now - issuedAt));
  const synced = age(now - held.saved.syncedAt);
  const current = now <= currentUntil;
  return h(
    'div',
    { class: current ? 'status-info' : 'status-info warn', 'data-testid': 'status-info', 'data-current': String(current) },
    bi(`状态列表，${signed.zh}签发，${synced.zh}同步`, `Status list signed ${signed.en}, synced ${synced.en}`, 'div'),
    current
      ? bi(`${age(now - currentUntil).zh}停用`, `stops being used ${age(now - currentUntil).en}`, 'div')
      : bi('状态列表已过期：按码上颜色显示，请联网同步', 'Status list OUT OF DATE: colours as issued; sync while online', 'div'),
  );
}

/** The trust-list and status-list lines, or a prompt to set up when there is no trust list. */
export function trustInfo(trust: Trust | undefined, statusList: HeldStatusList | undefined = state.statusList): HTMLElement {
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
    { class: 'held-lists' },
    h(
      'div',
      { class: stale ? 'trust-info warn' : 'trust-info', 'data-testid': 'trust-info', 'data-stale': String(stale) },
      bi(`信任列表 #${seq}，${signed.zh}签发，${synced.zh}同步`, `Trust list #${seq}, signed ${signed.en}, synced ${synced.en}`, 'div'),
      stale
        ? bi(`已过期（${expiry.zh}），请联网同步`, `OUT OF DATE (expired ${expiry.en}): sync while online`, 'div')
        : bi(`${expiry.zh}过期`, `expires ${expiry.en}`, 'div'),
    ),
    statusListInfo(statusList, now),
  );
}
