import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/**
 * Opens (creating if needed) the SQLite database at `file`, or in memory for `:memory:`. The
 * database holds password hashes and session hashes, so its folder is created for its owner
 * alone and its files are made readable by their owner only.
 */
export function openSqlite(file: string): Db {
  const onDisk = file !== ':memory:';
  if (onDisk) prepareFile(file);
  const sqlite = new SQLite(file);

  // WAL keeps readers off the writer's back; NORMAL sync is still crash-safe under WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  // SQLite gives new -wal and -shm files the database file's mode; this covers ones left before.
  if (onDisk) ownerOnly([`${file}-wal`, `${file}-shm`]);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Creates the folder (0700) and an empty database file (0600) before SQLite, which uses 0644. */
function prepareFile(file: string): void {
  // The mode applies only to folders this call creates; an existing one is the operator's choice.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  ownerOnly([file, `${file}-wal`, `${file}-shm`]);
}

function ownerOnly(paths: readonly string[]): void {
  for (const path of paths) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}

/** ISO-8601 UTC timestamp, the one time format stored. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
