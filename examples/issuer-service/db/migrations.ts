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
  {
    version: 2,
    description: 'status lists and dynamic codes: person refs, status indices, the authority\'s colour, holder keys, the status-list state',
    // Existing people get a random ref here and a status index at the next start
    // (status-indices.ts): the allocator is keyed by a secret SQL cannot see.
    sql: `
      ALTER TABLE people ADD COLUMN ref TEXT;
      UPDATE people SET ref = lower(hex(randomblob(12)));
      CREATE UNIQUE INDEX people_by_ref ON people (ref);
      ALTER TABLE people ADD COLUMN status_index INTEGER;
      CREATE UNIQUE INDEX people_by_status_index ON people (status_index);
      CREATE INDEX people_not_green ON people (status_index) WHERE status <> 'green';
      -- The colour the health authority last set (POST /people/:id/status): a declaration can
      -- raise a person's colour above it, never lower it below.
      ALTER TABLE people ADD COLUMN authority_status TEXT CHECK (authority_status IN ('green', 'yellow', 'red'));
      ALTER TABLE people ADD COLUMN authority_reason TEXT;
      ALTER TABLE codes ADD COLUMN status_index INTEGER;
      ALTER TABLE codes ADD COLUMN holder_x TEXT;
      -- One row: the list's size, the allocation counter n, a version bumped by every colour
      -- change of a person with an index, the iat of the last snapshot (codes are never issued
      -- with an earlier iat), and the signed token last published with the version it shows.
      CREATE TABLE status_list (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        size            INTEGER NOT NULL,
        next_n          INTEGER NOT NULL,
        version         INTEGER NOT NULL,
        code_iat_floor  INTEGER NOT NULL,
        token           BLOB,
        token_version   INTEGER,
        etag            TEXT,
        issued_at       INTEGER,
        expires_at      INTEGER
      ) STRICT;
    `,
  },
]);
