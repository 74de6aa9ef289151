/**
 * The signed status list the service publishes (docs/status.md): every person's colour at
 * their index, as a Status List Token signed by the issuer key. A new token is signed when a
 * colour changed since the last one (the version moved) or the last one is older than
 * {@link STATUS_LIST_REFRESH}; otherwise the stored one is served.
 *
 * Times: a snapshot taken during second T gets `iat` T + 1, and raises the database's code
 * iat floor to T + 1 in the same transaction. Rule 15 uses a list only for codes older than
 * it, so every code committed before the snapshot (iat ≤ T) is covered by the list, and every
 * code committed after it (iat ≥ T + 1, see routes/codes.ts) keeps its own colour until the
 * next list. A colour changed in the same second as a code was issued is never lost.
 */
import { createHash } from 'node:crypto';
import type { Store } from './db/store.js';
import { signStatusList, StatusList, STATUS_LIST_VALUES, type IssuerPrivateJwk } from './healthcode.js';

/** `ttl` of a token, seconds: a checkpoint uses its copy for up to 36 h after `iat`. */
export const STATUS_LIST_TTL = 36 * 3600;
/** `exp − iat` of a token, seconds (the draft wants `exp`; `ttl` ends the use earlier). */
export const STATUS_LIST_LIFETIME = 48 * 3600;
/** A token older than this is signed again even with no change: a list fetched now stays current ≥ 24 h. */
export const STATUS_LIST_REFRESH = 12 * 3600;
/** Signing rounds one call waits for while colours keep changing, before it serves the latest token. */
const MAX_ROUNDS = 3;

/** The token to serve. */
export interface PublishedStatusList {
  readonly token: Uint8Array;
  /** A strong validator: the token's SHA-256, base64url, quoted. */
  readonly etag: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** The version of the colours it shows. */
  readonly version: number;
}

/** Signs and serves the status list; concurrent callers share one signing. */
export class StatusListPublisher {
  readonly #store: Store;
  readonly #issuer: IssuerPrivateJwk;
  readonly #now: () => number;
  #pending: Promise<void> | undefined;

  constructor(store: Store, issuer: IssuerPrivateJwk, now: () => number) {
    this.#store = store;
    this.#issuer = issuer;
    this.#now = now;
  }

  /** The current token, signing a new one first when a colour changed or the last one is old. */
  async current(): Promise<PublishedStatusList> {
    for (let round = 0; ; round++) {
      const row = this.#store.statusList.read();
      const published = row.token && row.etag !== null && row.issuedAt !== null && row.expiresAt !== null && row.tokenVersion !== null
        ? { token: row.token, etag: row.etag, issuedAt: row.issuedAt, expiresAt: row.expiresAt, version: row.tokenVersion }
        : undefined;
      const fresh = published && published.version === row.version && this.#now() - published.issuedAt < STATUS_LIST_REFRESH;
      if (published && (fresh || round === MAX_ROUNDS)) return Object.freeze(published);
      this.#pending ??= this.#sign().finally(() => {
        this.#pending = undefined;
      });
      await this.#pending;
    }
  }

  async #sign(): Promise<void> {
    const issuedAt = this.#now() + 1;
    const snapshot = this.#store.statusList.snapshot(issuedAt);
    const list = new StatusList(snapshot.size);
    for (const { statusIndex, status } of snapshot.entries) list.set(statusIndex, STATUS_LIST_VALUES[status]);
    const expiresAt = issuedAt + STATUS_LIST_LIFETIME;
    const token = await signStatusList(list, this.#issuer, { issuedAt, expiresAt, ttl: STATUS_LIST_TTL });
    const etag = `"${createHash('sha256').update(token).digest('base64url')}"`;
    this.#store.statusList.saveToken({ version: snapshot.version, token, etag, issuedAt, expiresAt });
  }
}
