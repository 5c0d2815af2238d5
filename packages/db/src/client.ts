import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relations } from './relations';

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export function createDb(sqlite: Database.Database) {
  return drizzle({ client: sqlite, relations });
}
export type Db = ReturnType<typeof createDb>;
/** The handle a synchronous better-sqlite3 transaction callback receives. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Opens (creating if needed) the registry's SQLite file and brings its schema up to date.
 *
 * - WAL: readers never block the single writer, so the API stays responsive during bulk writes.
 * - synchronous=FULL: WAL's default (NORMAL) can lose the last commits on power loss; a registry
 *   write that answered "saved" must survive one.
 * - foreign_keys=ON: SQLite leaves them off by default; references are part of the model.
 * - busy_timeout: a CLI command and the server may share the file; wait rather than fail at once.
 * - cache_size 64 MiB (SQLite's default is 2 MiB): an append touches the log's indexes and the
 *   review digest at random places (patients, users); with the default they are read again and
 *   again from the OS.
 */
export function openDatabase(file: string, options: { migrate?: boolean } = {}) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  const db = createDb(sqlite);
  if (options.migrate !== false) migrate(db, { migrationsFolder });
  return { sqlite, db, close: () => sqlite.close() };
}
/** The raw better-sqlite3 handle, for the write path's prepared statements. */
export type Sqlite = Database.Database;
