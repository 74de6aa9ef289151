/**
 * The database schema, as numbered migrations. `schema_version` holds the number of the last
 * one applied; each runs in its own transaction, so a failed upgrade leaves the previous
 * version intact. Add a migration at the end; never edit one that has shipped.
 */

/** One schema step. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    description: 'people, codes, signing keys (public halves), signed trust lists',
    sql: `
      CREATE TABLE signing_keys (
        kid         TEXT PRIMARY KEY,
        role        TEXT NOT NULL CHECK (role IN ('issuer', 'root')),
        public_jwk  TEXT NOT NULL,
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE people (
        id          INTEGER PRIMARY KEY,
        id_hash     TEXT NOT NULL UNIQUE,
        masked_name TEXT NOT NULL,
        id_hint     TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('green', 'yellow', 'red')),
        reason      TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE codes (
        id          INTEGER PRIMARY KEY,
        person_id   INTEGER NOT NULL REFERENCES people (id),
        kid         TEXT NOT NULL REFERENCES signing_keys (kid),
        status      TEXT NOT NULL CHECK (status IN ('green', 'yellow', 'red')),
        reason      TEXT NOT NULL,
        code        TEXT NOT NULL,
        issued_at   INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX codes_by_person ON codes (person_id, id);
      CREATE TABLE trust_lists (
        seq         INTEGER PRIMARY KEY,
        jws         TEXT NOT NULL,
        keys_digest TEXT NOT NULL,
        issued_at   INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
      ) STRICT;
    `,
  },
]);
