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
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  const db = createDb(sqlite);
  if (options.migrate !== false) migrateChecked(sqlite, db);
  sqlite.pragma('foreign_keys = ON');
  return { sqlite, db, close: () => sqlite.close() };
}
/**
 * Migrates with foreign keys off, as SQLite's table rebuilds need (a migration cannot switch them
 * inside its transaction), then has SQLite check every reference: a file whose rows name missing
 * rows is refused with the rows named, rather than opened.
 */
function migrateChecked(sqlite: Database.Database, db: ReturnType<typeof createDb>) {
  sqlite.pragma('foreign_keys = OFF');
  const before = appliedMigrations(sqlite);
  migrate(db, { migrationsFolder });
  // Checked when a migration ran: the user log's references are millions of rows to read.
  if (appliedMigrations(sqlite) === before) return;
  const broken = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  if (broken.length) {
    const named = broken
      .slice(0, 10)
      .map((b) => `${b.table} row ${b.rowid} → ${b.parent}`)
      .join(', ');
    sqlite.close();
    throw new Error(`The database has ${broken.length} reference(s) to rows that do not exist: ${named}`);
  }
}

function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`).get();
  return table ? (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n : 0;
}

/** The raw better-sqlite3 handle, for the write path's prepared statements. */
export type Sqlite = Database.Database;
