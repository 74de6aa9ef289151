/**
 * The status list's row in the database (migration 2): its size, the allocation counter, the
 * version every colour change bumps, the iat of the last snapshot, and the signed token last
 * published. The people's colours themselves are in `people`; a snapshot reads them.
 */
import type { Status } from '../healthcode.js';
import type { Db } from './database.js';

/** The row as read. `token` and the columns after it are null until a list was signed. */
export interface StatusListRow {
  readonly size: number;
  /** The next allocation counter: the n-th person gets `allocator.indexFor(n)`. */
  readonly nextN: number;
  /** Bumped in the same transaction as every colour change of a person with an index. */
  readonly version: number;
  /** The iat of the last snapshot: no code is issued with an earlier iat after it. */
  readonly codeIatFloor: number;
  readonly token: Uint8Array | null;
  /** The version the token shows. */
  readonly tokenVersion: number | null;
  readonly etag: string | null;
  readonly issuedAt: number | null;
  readonly expiresAt: number | null;
}

/** What a snapshot holds: every entry that is not green (a new list is all green). */
export interface StatusSnapshot {
  readonly version: number;
  readonly size: number;
  readonly entries: readonly { readonly statusIndex: number; readonly status: Status }[];
}

/** A signed token to record. */
export interface SignedStatusToken {
  readonly version: number;
  readonly token: Uint8Array;
  readonly etag: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

const COLUMNS =
  'size, next_n AS nextN, version, code_iat_floor AS codeIatFloor, token, token_version AS tokenVersion, etag, issued_at AS issuedAt, expires_at AS expiresAt';

/** Prepared statements over the status list's row. Callers run them inside their transactions. */
export class StatusListState {
  readonly #db: Db;
  readonly #read;
  readonly #create;
  readonly #advance;
  readonly #bump;
  readonly #raiseFloor;
  readonly #notGreen;
  readonly #saveToken;

  constructor(db: Db) {
    this.#db = db;
    this.#read = db.prepare(`SELECT ${COLUMNS} FROM status_list WHERE id = 1`);
    this.#create = db.prepare('INSERT OR IGNORE INTO status_list (id, size, next_n, version, code_iat_floor) VALUES (1, ?, 0, 0, 0)');
    this.#advance = db.prepare('UPDATE status_list SET next_n = next_n + 1 WHERE id = 1 RETURNING next_n - 1 AS n');
    this.#bump = db.prepare('UPDATE status_list SET version = version + 1 WHERE id = 1');
    this.#raiseFloor = db.prepare('UPDATE status_list SET code_iat_floor = max(code_iat_floor, ?) WHERE id = 1');
    this.#notGreen = db.prepare("SELECT status_index AS statusIndex, status FROM people WHERE status <> 'green' AND status_index IS NOT NULL");
    this.#saveToken = db.prepare('UPDATE status_list SET token = ?, token_version = ?, etag = ?, issued_at = ?, expires_at = ? WHERE id = 1');
  }

  /**
   * Creates the row for a list of `size` entries on first start.
   *
   * @throws Error when the database's list has another size: the indices already given out
   *   belong to that size's permutation.
   */
  init(size: number): StatusListRow {
    return this.#db.transaction(() => {
      this.#create.run(size);
      const row = this.read();
      if (row.size !== size) {
        throw new Error(`the database's status list has ${row.size} entries, this service is built for ${size}: indices already issued would change`);
      }
      return row;
    }).immediate();
  }

  /** The row. */
  read(): StatusListRow {
    const row = this.#read.get() as (Omit<StatusListRow, 'token'> & { token: Buffer | null }) | undefined;
    if (!row) throw new Error('the status list row is missing: the service did not initialise it');
    return { ...row, token: row.token && new Uint8Array(row.token) };
  }

  /** Takes the next allocation counter (call inside the caller's transaction). */
  takeCounter(): number {
    return (this.#advance.get() as { n: number }).n;
  }

  /** Records that a colour changed (call inside the transaction that changed it). */
  bumpVersion(): void {
    this.#bump.run();
  }

  /**
   * Reads every non-green entry and the version, and raises the code iat floor to `iat`, in
   * one write transaction: a code committed after it has an iat of at least `iat`, so the
   * list (rule 15 uses only lists newer than the code) never speaks for a code it does not show.
   * The caller takes at most one snapshot a second (status-publisher.ts).
   */
  snapshot(iat: number): StatusSnapshot {
    return this.#db.transaction(() => {
      this.#raiseFloor.run(iat);
      const { version, size } = this.read();
      return { version, size, entries: this.#notGreen.all() as StatusSnapshot['entries'] };
    }).immediate();
  }

  /** Records the token just signed, as the one to serve. */
  saveToken(signed: SignedStatusToken): void {
    this.#db.transaction(() => this.#saveToken.run(signed.token, signed.version, signed.etag, signed.issuedAt, signed.expiresAt)).immediate();
  }
}
