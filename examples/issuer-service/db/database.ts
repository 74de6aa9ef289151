/**
 * Opening the service's SQLite database (better-sqlite3): created on first start, upgraded
 * to the latest schema in {@link MIGRATIONS}, one transaction per migration.
 */
import { chmodSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

/** An open better-sqlite3 database. */
export type Db = Database.Database;

/** How long a write waits for another connection's lock before failing, in ms. */
const BUSY_TIMEOUT_MS = 5_000;

/** The schema version recorded in the database (0 for a new one). */
export function schemaVersion(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Applies the migrations the database has not seen yet, each in its own transaction. */
export function migrate(db: Db): number {
  // IMMEDIATE: two services starting on one file must not both apply a migration.
  const step = db.transaction((version: number, sql: string) => {
    if (schemaVersion(db) >= version) return;
    db.exec(sql);
    db.prepare('DELETE FROM schema_version').run();
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version);
  });
  const current = schemaVersion(db);
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) throw new Error(`the database has schema version ${current}, newer than this service (${latest}): upgrade the service`);
  for (const migration of MIGRATIONS) {
    if (migration.version > current) step.immediate(migration.version, migration.sql);
  }
  return schemaVersion(db);
}

/**
 * Opens (creating if needed) the database file, mode 0600, in WAL mode with foreign keys on, and
 * brings its schema up to date.
 */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  try {
    // Owner only, before WAL mode: SQLite gives the -wal and -shm files the database's mode.
    chmodSync(path, 0o600);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers never block the writer. synchronous=NORMAL is durable across a crash of
    // the process and consistent across power loss (which may lose the last commits: codes
    // issued then are still valid, they are only missing from the records).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
