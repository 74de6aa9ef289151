/**
 * The checkpoint's trust: the signed trust list it synced while online, the root key it
 * pinned, and what it says about issuers. Synced lists are checked (root signature, `seq`
 * never going back, not stale) before they replace the saved one; the saved one is checked
 * again on every start, so nothing unverified is ever used.
 */
import { TrustList } from 'healthcode';
import { load, remove, save } from './storage.js';

/** What is stored: the JWS exactly as received, and where it came from. */
export interface SavedTrust {
  /** Base URL of the issuer service (or any server with `/trust-list` and `/root.jwk`). */
  readonly source: string;
  /** The pinned root public JWK. */
  readonly root: Record<string, unknown>;
  readonly jws: string;
  readonly seq: number;
  /** When this checkpoint synced it, epoch seconds. */
  readonly syncedAt: number;
}

/** A loaded trust list with its provenance. */
export interface Trust {
  readonly list: TrustList;
  readonly saved: SavedTrust;
  /** Issuer display names by issuer id, from the keys' `name` member. */
  readonly issuerNames: ReadonlyMap<string, string>;
}

const KEY = 'trust';
/** Longest a sync waits for the server, in ms. */
const FETCH_TIMEOUT_MS = 15_000;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Issuer names from a JWS whose signature `TrustList.fromSigned` has already checked. */
function namesOf(jws: string): Map<string, string> {
  const names = new Map<string, string>();
  const part = jws.split('.')[1] ?? '';
  const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const payload = JSON.parse(new TextDecoder().decode(bytes)) as { keys?: unknown };
  for (const key of Array.isArray(payload.keys) ? payload.keys : []) {
    const { iss, name } = key as { iss?: unknown; name?: unknown };
    if (typeof iss === 'string' && typeof name === 'string' && name.length <= 200) names.set(iss, name);
  }
  return names;
}

async function open(saved: SavedTrust, options: { minSeq?: number; rejectStale?: boolean } = {}): Promise<Trust> {
  const list = await TrustList.fromSigned(saved.jws, { keys: [saved.root] }, options);
  return { list, saved, issuerNames: namesOf(saved.jws) };
}

/** The trust list saved on this device, checked again; undefined when none was synced. */
export async function loadTrust(): Promise<Trust | undefined> {
  const saved = await load<SavedTrust>(KEY);
  return saved ? open(saved) : undefined;
}

/** Normalises an operator-typed base URL (http or https, with a trailing slash). */
export function sourceUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${text}" is not a URL: type the issuer service's address, e.g. https://issuer.example/`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${text}" is not an http(s) address`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

async function fetchOk(url: URL): Promise<Response> {
  const response = await fetch(url, { cache: 'no-cache', credentials: 'omit', referrerPolicy: 'no-referrer', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  return response;
}

/**
 * Downloads and checks the signed trust list from `source`. The root is, in order: the one
 * given, the one pinned at the last sync, or (first use) the one the source serves at
 * `root.jwk`. A list with a lower `seq` than the saved one, not signed by the root, or already
 * stale is refused and the saved one kept.
 *
 * @throws Error / HealthCodeError with a message for the operator.
 */
export async function syncTrust(source: string, root?: Record<string, unknown>): Promise<Trust> {
  const base = sourceUrl(source);
  const previous = await load<SavedTrust>(KEY);
  const pinned = root ?? previous?.root ?? ((await (await fetchOk(new URL('root.jwk', base))).json()) as Record<string, unknown>);
  const jws = (await (await fetchOk(new URL('trust-list', base))).text()).trim();
  const candidate: SavedTrust = { source: base.href, root: pinned, jws, seq: 0, syncedAt: nowSeconds() };
  // Under the same root, seq never goes back, whichever mirror the list came from.
  const sameRoot = previous !== undefined && previous.root.x === pinned.x;
  const trust = await open(candidate, { rejectStale: true, ...(sameRoot && { minSeq: previous.seq }) });
  const saved: SavedTrust = { ...candidate, seq: trust.list.meta.seq ?? 0 };
  await save(KEY, saved);
  return { ...trust, saved };
}

/** Forgets the trust list and the pinned root (to set the checkpoint up for another issuer). */
export function forgetTrust(): Promise<void> {
  return remove(KEY);
}
