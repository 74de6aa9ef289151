/**
 * The signed trust list the service publishes (DESIGN.md "Trust list"): every issuer key on
 * record, signed by the root as a compact JWS with a monotonic `seq`. A new list is signed
 * when the keys change or the current one is past half its life, so a checkpoint that syncs
 * now always gets a list that stays fresh for at least half of {@link TRUST_LIST_TTL}.
 */
import { createHash } from 'node:crypto';
import type { Store, TrustListRow } from './db/store.js';
import { signTrustList, type IssuerPrivateJwk } from './healthcode.js';

/** Lifetime of a signed trust list, in seconds (7 days): a checkpoint must sync within it. */
export const TRUST_LIST_TTL = 7 * 86_400;

/** Signs and caches the trust list; concurrent callers share one signing. */
export class TrustListPublisher {
  readonly #store: Store;
  readonly #root: IssuerPrivateJwk;
  readonly #now: () => number;
  #pending: Promise<TrustListRow> | undefined;

  constructor(store: Store, root: IssuerPrivateJwk, now: () => number) {
    this.#store = store;
    this.#root = root;
    this.#now = now;
  }

  /** The current list, signing a new one first when needed. */
  current(): Promise<TrustListRow> {
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #refresh(): Promise<TrustListRow> {
    const keys = this.#store.keys('issuer');
    const keysDigest = createHash('sha256').update(JSON.stringify(keys)).digest('base64url');
    const now = this.#now();
    const latest = this.#store.latestTrustList();
    if (latest && latest.keysDigest === keysDigest && latest.expiresAt - now > TRUST_LIST_TTL / 2) return latest;
    const seq = (latest?.seq ?? 0) + 1;
    const expiresAt = now + TRUST_LIST_TTL;
    const jws = await signTrustList({ keys }, this.#root, { seq, issuedAt: now, expiresAt });
    const row = Object.freeze({ seq, jws, keysDigest, issuedAt: now, expiresAt });
    this.#store.saveTrustList(row);
    return row;
  }
}
