/**
 * The checkpoint's status list (docs/status.md): the issuer's signed list of every code's
 * current colour, synced with the trust list while online and used offline. A synced list is
 * checked (signed by a key of the trust list for that key's issuer, not from the future, not
 * older than the one held) before it replaces the saved one; the saved one is checked again
 * at every start. A source that publishes none is fine: codes then show their own colour.
 * Loaded on demand (at start only when a list was saved, and by a sync), so the token reader
 * stays off the verify path of a checkpoint that holds none.
 */
import { StatusList } from 'healthcode';
import { load, remove, save, STATUS_LIST_KEY } from './storage.js';
import { sourceUrl, type Trust } from './trust.js';

/** What is stored: the token exactly as received. */
export interface SavedStatusList {
  readonly source: string;
  readonly token: Uint8Array;
  /** When this checkpoint synced it, epoch seconds. */
  readonly syncedAt: number;
}

/** A loaded status list with its provenance. */
export interface HeldStatusList {
  readonly list: StatusList;
  readonly saved: SavedStatusList;
}

const KEY = STATUS_LIST_KEY;
/** Longest a sync waits for the server, in ms. */
const FETCH_TIMEOUT_MS = 15_000;
/** HTTP status of a source that publishes no status list. */
const NOT_FOUND = 404;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The status list saved on this device, checked again against `trust`; undefined when none. */
export async function loadStatusList(trust: Trust): Promise<HeldStatusList | undefined> {
  const saved = await load<SavedStatusList>(KEY);
  if (!saved) return undefined;
  return { list: await StatusList.fromSigned(saved.token, trust.list), saved };
}

/**
 * Downloads `<source>/status-list` and checks it against the trust list just synced.
 * Resolves to undefined (and forgets any saved list) when the source publishes none.
 *
 * @throws Error / HealthCodeError with a message for the operator; the saved list stays.
 */
export async function syncStatusList(trust: Trust): Promise<HeldStatusList | undefined> {
  const url = new URL('status-list', sourceUrl(trust.saved.source));
  const response = await fetch(url, { cache: 'no-cache', credentials: 'omit', referrerPolicy: 'no-referrer', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (response.status === NOT_FOUND) {
    await remove(KEY);
    return undefined;
  }
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  const token = new Uint8Array(await response.arrayBuffer());
  const list = await StatusList.fromSigned(token, trust.list);
  const previous = await loadStatusList(trust).catch(() => undefined);
  // Never back to an older snapshot: it could show a colour the issuer has since changed.
  if (previous && previous.list.meta!.issuer === list.meta!.issuer && list.meta!.issuedAt < previous.list.meta!.issuedAt) {
    throw new Error(`the status list from ${url.href} is older than the one held (signed ${list.meta!.issuedAt} < ${previous.list.meta!.issuedAt}): kept the one held`);
  }
  const saved: SavedStatusList = { source: trust.saved.source, token, syncedAt: nowSeconds() };
  await save(KEY, saved);
  return { list, saved };
}

/** Forgets the saved status list. */
export function forgetStatusList(): Promise<void> {
  return remove(KEY);
}
