/**
 * The service's records: people (by keyed id hash), the codes issued to them, the public
 * halves of its keys and the trust lists it signed. Every write is one transaction.
 */
import type { Status } from '../healthcode.js';
import type { Db } from './database.js';

/** A person as stored: no raw id number, no declaration answers, only what the code shows. */
export interface PersonRow {
  readonly id: number;
  readonly idHash: string;
  readonly maskedName: string;
  readonly idHint: string;
  readonly status: Status;
  readonly reason: string;
}

/** An issued code as stored. */
export interface CodeRow {
  readonly id: number;
  readonly personId: number;
  readonly kid: string;
  readonly status: Status;
  readonly reason: string;
  readonly code: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** A signed trust list as stored. */
export interface TrustListRow {
  readonly seq: number;
  readonly jws: string;
  readonly keysDigest: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** What {@link Store.saveCode} is given: the person as they are now, and their new code. */
export interface NewCode {
  readonly idHash: string;
  readonly maskedName: string;
  readonly idHint: string;
  readonly status: Status;
  readonly reason: string;
  readonly kid: string;
  readonly code: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

const CODE_COLUMNS = 'id, person_id AS personId, kid, status, reason, code, issued_at AS issuedAt, expires_at AS expiresAt';

/** Prepared statements over one open database. */
export class Store {
  readonly #db: Db;
  readonly #personByHash;
  readonly #latestCode;
  readonly #insertPerson;
  readonly #updatePerson;
  readonly #insertCode;
  readonly #insertKey;
  readonly #keysByRole;
  readonly #latestList;
  readonly #insertList;

  constructor(db: Db) {
    this.#db = db;
    this.#personByHash = db.prepare(
      'SELECT id, id_hash AS idHash, masked_name AS maskedName, id_hint AS idHint, status, reason FROM people WHERE id_hash = ?',
    );
    this.#latestCode = db.prepare(`SELECT ${CODE_COLUMNS} FROM codes WHERE person_id = ? ORDER BY id DESC LIMIT 1`);
    this.#insertPerson = db.prepare(
      'INSERT INTO people (id_hash, masked_name, id_hint, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#updatePerson = db.prepare('UPDATE people SET masked_name = ?, id_hint = ?, status = ?, reason = ?, updated_at = ? WHERE id = ?');
    this.#insertCode = db.prepare(
      'INSERT INTO codes (person_id, kid, status, reason, code, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#insertKey = db.prepare('INSERT OR IGNORE INTO signing_keys (kid, role, public_jwk, created_at) VALUES (?, ?, ?, ?)');
    this.#keysByRole = db.prepare('SELECT public_jwk AS publicJwk FROM signing_keys WHERE role = ? ORDER BY created_at, kid');
    this.#latestList = db.prepare(
      'SELECT seq, jws, keys_digest AS keysDigest, issued_at AS issuedAt, expires_at AS expiresAt FROM trust_lists ORDER BY seq DESC LIMIT 1',
    );
    this.#insertList = db.prepare('INSERT INTO trust_lists (seq, jws, keys_digest, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  }

  /** The person with this id hash, if known. */
  person(idHash: string): PersonRow | undefined {
    return this.#personByHash.get(idHash) as PersonRow | undefined;
  }

  /** The person's most recent code, if any. */
  latestCode(personId: number): CodeRow | undefined {
    return this.#latestCode.get(personId) as CodeRow | undefined;
  }

  /**
   * Records a new code and the person's current state in one transaction, unless `keep`
   * says the code already on record (re-read inside the transaction, so two requests for one
   * person cannot both write) is still the right one; then that code is returned instead.
   */
  saveCode(next: NewCode, keep: (current: CodeRow, person: PersonRow) => boolean): { code: CodeRow; created: boolean } {
    return this.#db.transaction(() => {
      const person = this.person(next.idHash);
      if (person) {
        const current = this.latestCode(person.id);
        if (current && keep(current, person)) return { code: current, created: false };
        this.#updatePerson.run(next.maskedName, next.idHint, next.status, next.reason, next.issuedAt, person.id);
      }
      const personId = person
        ? person.id
        : Number(this.#insertPerson.run(next.idHash, next.maskedName, next.idHint, next.status, next.reason, next.issuedAt, next.issuedAt).lastInsertRowid);
      const id = Number(this.#insertCode.run(personId, next.kid, next.status, next.reason, next.code, next.issuedAt, next.expiresAt).lastInsertRowid);
      const { idHash: _, maskedName: __, idHint: ___, ...code } = next;
      return { code: Object.freeze({ id, personId, ...code }), created: true };
    }).immediate();
  }

  /** Records the public half of a key (once; a kid already known is left as it is). */
  recordKey(kid: string, role: 'issuer' | 'root', publicJwk: unknown, createdAt: number): void {
    this.#db.transaction(() => this.#insertKey.run(kid, role, JSON.stringify(publicJwk), createdAt)).immediate();
  }

  /** The public JWKs of one role, oldest first. */
  keys(role: 'issuer' | 'root'): unknown[] {
    return (this.#keysByRole.all(role) as { publicJwk: string }[]).map((row) => JSON.parse(row.publicJwk) as unknown);
  }

  /** The trust list with the highest seq, if one was signed. */
  latestTrustList(): TrustListRow | undefined {
    return this.#latestList.get() as TrustListRow | undefined;
  }

  /** Records a signed trust list; its seq must be new. */
  saveTrustList(row: TrustListRow): void {
    this.#db.transaction(() => this.#insertList.run(row.seq, row.jws, row.keysDigest, row.issuedAt, row.expiresAt)).immediate();
  }
}
