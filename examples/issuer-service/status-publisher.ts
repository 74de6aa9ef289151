/**
 * The signed status list the service publishes (docs/status.md): every person's colour at
 * their index, as a Status List Token signed by the issuer key. A new token is signed when a
 * colour changed since the last one (the version moved) or the last one is older than
 * {@link STATUS_LIST_REFRESH}; otherwise the stored one is served.
 *
 * Times: rule 15 uses a list only for codes older than it. A snapshot taken during second T
 * gets `iat` T + 1 and raises the database's code iat floor to T + 1 in the same transaction,
 * so every code committed before it (iat ≤ T) is covered by the list, and every code committed
 * after it (iat ≥ T + 1, see routes/codes.ts) keeps its own colour until the next list. At most
 * one snapshot is taken per second: a colour changed after it, in the same second, goes into
 * the first list asked for from the next second on, whose iat is above every code issued
 * before the change. So no change is lost, and iats never run ahead of the clock by more than
 * a second, however many changes arrive.
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

  /**
   * The token to serve: a new one is signed first when a colour changed or the last one is
   * old, unless a snapshot was already taken this second (then the change is in the next one).
   */
  async current(): Promise<PublishedStatusList> {
    for (;;) {
      const row = this.#store.statusList.read();
      const published = row.token && row.etag !== null && row.issuedAt !== null && row.expiresAt !== null && row.tokenVersion !== null
        ? Object.freeze({ token: row.token, etag: row.etag, issuedAt: row.issuedAt, expiresAt: row.expiresAt, version: row.tokenVersion })
        : undefined;
      const now = this.#now();
      const fresh = published && published.version === row.version && now - published.issuedAt < STATUS_LIST_REFRESH;
      const snapshotThisSecond = now + 1 <= row.codeIatFloor;
      if (published && (fresh || snapshotThisSecond)) return published;
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
