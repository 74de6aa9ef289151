/**
 * The service's records: people (by keyed id hash), the codes issued to them, the public
 * halves of its keys and the trust lists it signed. Every write is one transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Status } from '../healthcode.js';
import type { Db } from './database.js';
import { StatusListState } from './status-list-state.js';

/** Bytes of a person's ref, the opaque id of `POST /people/:id/status` (hex in the API). */
export const PERSON_REF_BYTES = 12;

/** A person as stored: no raw id number, no declaration answers, only what the code shows. */
export interface PersonRow {
  readonly id: number;
  /** The opaque id the API uses for the person (hex). */
  readonly ref: string;
  readonly idHash: string;
  readonly maskedName: string;
  readonly idHint: string;
  /** The person's colour now: what their status-list entry says. */
  readonly status: Status;
  readonly reason: string;
  /** Index in the status list (null only between migration 2 and the next start). */
  readonly statusIndex: number | null;
  /** The colour the health authority last set, if it did, and why. */
  readonly authorityStatus: Status | null;
  readonly authorityReason: string | null;
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
  /** The status-list index the code carries (null for codes issued before migration 2). */
  readonly statusIndex: number | null;
  /** The holder key's `x` for a holder-bound code, else null. */
  readonly holderX: string | null;
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
  readonly statusIndex: number;
  readonly holderX: string | null;
  /** The authority's colour the route decided with: if it changed since, the code is not saved. */
  readonly authoritySeen: Status | null;
}

/** Why {@link Store.saveCode} did not save: the route decides again and signs again. */
export type SaveConflict = 'snapshot' | 'index' | 'authority';

/** The outcome of {@link Store.saveCode}. */
export type SaveResult =
  | { readonly code: CodeRow; readonly person: PersonRow; readonly created: boolean }
  | { readonly conflict: SaveConflict };

const CODE_COLUMNS =
  'id, person_id AS personId, kid, status, reason, code, issued_at AS issuedAt, expires_at AS expiresAt, status_index AS statusIndex, holder_x AS holderX';
const PERSON_COLUMNS =
  'id, ref, id_hash AS idHash, masked_name AS maskedName, id_hint AS idHint, status, reason, status_index AS statusIndex, authority_status AS authorityStatus, authority_reason AS authorityReason';

/** Prepared statements over one open database. */
export class Store {
  readonly #db: Db;
  /** The status list's row (allocation counter, version, snapshot floor, token). */
  readonly statusList: StatusListState;
  readonly #personByHash;
  readonly #personByRef;
  readonly #setAuthority;
  readonly #withoutIndex;
  readonly #setIndex;
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
    this.statusList = new StatusListState(db);
    this.#personByHash = db.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE id_hash = ?`);
    this.#personByRef = db.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE ref = ?`);
    this.#setAuthority = db.prepare(
      'UPDATE people SET status = ?, reason = ?, authority_status = ?, authority_reason = ?, updated_at = ? WHERE id = ?',
    );
    this.#withoutIndex = db.prepare('SELECT id FROM people WHERE status_index IS NULL ORDER BY id');
    this.#setIndex = db.prepare('UPDATE people SET status_index = ? WHERE id = ?');
    this.#latestCode = db.prepare(`SELECT ${CODE_COLUMNS} FROM codes WHERE person_id = ? ORDER BY id DESC LIMIT 1`);
    this.#insertPerson = db.prepare(
      'INSERT INTO people (ref, id_hash, masked_name, id_hint, status, reason, status_index, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#updatePerson = db.prepare('UPDATE people SET masked_name = ?, id_hint = ?, status = ?, reason = ?, updated_at = ? WHERE id = ?');
    this.#insertCode = db.prepare(
      'INSERT INTO codes (person_id, kid, status, reason, code, issued_at, expires_at, status_index, holder_x) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
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

  /** The person with this ref (the API's person id), if known. */
  personByRef(ref: string): PersonRow | undefined {
    return this.#personByRef.get(ref) as PersonRow | undefined;
  }

  /**
   * Takes a fresh status-list index for a person not yet on record. If another request
   * records the same person first, this index is never used: a gap, harmless in a random
   * permutation.
   */
  reserveStatusIndex(allocate: (n: number) => number): number {
    return this.#db.transaction(() => allocate(this.statusList.takeCounter())).immediate();
  }

  /** Gives every person without a status-list index one (people recorded before migration 2). */
  assignMissingIndices(allocate: (n: number) => number): number {
    return this.#db.transaction(() => {
      const ids = this.#withoutIndex.all() as { id: number }[];
      for (const { id } of ids) this.#setIndex.run(allocate(this.statusList.takeCounter()), id);
      if (ids.length > 0) this.statusList.bumpVersion();
      return ids.length;
    }).immediate();
  }

  /**
   * Records a new code and the person's current state in one transaction, unless `keep`
   * says the code already on record (re-read inside the transaction, so two requests for one
   * person cannot both write) is still the right one; then that code is returned instead.
   * Nothing is written, and the conflict is returned, when what the code was signed with no
   * longer holds: a status-list snapshot was taken after its iat, the person was recorded
   * meanwhile with another index, or the authority changed their colour.
   */
  saveCode(next: NewCode, keep: (current: CodeRow, person: PersonRow) => boolean): SaveResult {
    return this.#db.transaction((): SaveResult => {
      if (next.issuedAt < this.statusList.read().codeIatFloor) return { conflict: 'snapshot' };
      const person = this.person(next.idHash);
      if (person) {
        if (person.statusIndex !== next.statusIndex) return { conflict: 'index' };
        if (person.authorityStatus !== next.authoritySeen) return { conflict: 'authority' };
        const current = this.latestCode(person.id);
        if (current && keep(current, person)) return { code: current, person, created: false };
        this.#updatePerson.run(next.maskedName, next.idHint, next.status, next.reason, next.issuedAt, person.id);
        if (person.status !== next.status) this.statusList.bumpVersion();
      } else {
        if (next.authoritySeen !== null) return { conflict: 'authority' };
        const ref = randomBytes(PERSON_REF_BYTES).toString('hex');
        this.#insertPerson.run(ref, next.idHash, next.maskedName, next.idHint, next.status, next.reason, next.statusIndex, next.issuedAt, next.issuedAt);
      }
      const saved = this.person(next.idHash)!;
      const id = Number(
        this.#insertCode.run(saved.id, next.kid, next.status, next.reason, next.code, next.issuedAt, next.expiresAt, next.statusIndex, next.holderX).lastInsertRowid,
      );
      const code: CodeRow = Object.freeze({
        id,
        personId: saved.id,
        kid: next.kid,
        status: next.status,
        reason: next.reason,
        code: next.code,
        issuedAt: next.issuedAt,
        expiresAt: next.expiresAt,
        statusIndex: next.statusIndex,
        holderX: next.holderX,
      });
      return { code, person: saved, created: true };
    }).immediate();
  }

  /**
   * Sets the colour the health authority decided for the person with this ref: their
   * status-list entry changes (the version is bumped when the colour does); their codes are
   * not re-issued. Returns the version that shows the change; undefined when no person has
   * that ref.
   */
  setAuthorityStatus(ref: string, status: Status, reason: string, now: number): { person: PersonRow; changed: boolean; version: number } | undefined {
    return this.#db.transaction(() => {
      const person = this.personByRef(ref);
      if (!person) return undefined;
      this.#setAuthority.run(status, reason, status, reason, now, person.id);
      const changed = person.status !== status;
      if (changed && person.statusIndex !== null) this.statusList.bumpVersion();
      return { person: this.personByRef(ref)!, changed, version: this.statusList.read().version };
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
