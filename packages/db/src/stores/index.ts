import { keyFileFor, loadLogKeys, type LogKeys } from '../userLogs/keys';
import { openSqliteStores } from './sqlite';
import { postgresStores } from './postgres';
import { splitStores } from './split';
import type { Stores } from './types';

export type * from './types';

/** Where a registry lives: a SQLite file (the default) or, later, a postgres:// URL. */
export interface StoreLocation {
  /** A SQLite file path, or a postgres:// URL. */
  database: string;
}

/** Whether a database location names a PostgreSQL server rather than a SQLite file. */
export const isPostgresUrl = (database: string) => /^postgres(ql)?:\/\//i.test(database);

/** A database location fit to print: a URL's password (or the password parameter) is never shown. */
export function printableLocation(database: string): string {
  if (!isPostgresUrl(database)) return database;
  try {
    const url = new URL(database);
    if (url.password) url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString();
  } catch {
    return 'postgres://(a URL that does not parse)';
  }
}

/**
 * The keys of a registry: FVM_PSEUDONYM_KEY, else the key file beside a SQLite file (or named by
 * FVM_KEY_FILE): outside the database, so that a copy of the database alone proves nothing and
 * reveals no one.
 */
export function keysFor(database: string, env: NodeJS.ProcessEnv = process.env): LogKeys {
  return loadLogKeys(keyFileOf(database, env), env);
}
export function keyFileOf(database: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.FVM_KEY_FILE) return env.FVM_KEY_FILE;
  if (isPostgresUrl(database)) throw new Error('A registry on PostgreSQL keeps its keys outside the database: set FVM_KEY_FILE (or FVM_PSEUDONYM_KEY).');
  return keyFileFor(database);
}

/**
 * Opens the stores of the registry at `database`, bringing its schema up to date. With
 * `logDatabase` (a postgres:// URL) the user log lives there instead ("split mode", see splitStores).
 */
export interface OpenOptions {
  migrate?: boolean;
  /** A postgres:// URL: the user log lives there (split mode). */
  logDatabase?: string;
  /** Lanes per data owner for the user log on PostgreSQL (FVM_LOG_LANES, default 1): how many appends of one owner run at once. */
  logLanes?: number;
}

export async function openStores(database: string, keys: LogKeys, options: OpenOptions = {}): Promise<Stores> {
  if (isPostgresUrl(database)) {
    if (options.logDatabase !== undefined)
      throw new Error('With the registry on PostgreSQL the user log is in the same database: leave FVM_LOG_DATABASE unset.');
    return postgresStores(database, keys, options);
  }
  if (options.logDatabase !== undefined && !isPostgresUrl(options.logDatabase))
    throw new Error(`FVM_LOG_DATABASE must be a postgres:// URL; got "${options.logDatabase}".`);
  const registry = openSqliteStores(database, keys, options);
  if (!options.logDatabase) return registry;
  try {
    return await splitStores(registry, options.logDatabase, keys, { lanes: options.logLanes });
  } catch (error) {
    await registry.close();
    throw error;
  }
}

export { openSqliteStores, sqliteStores } from './sqlite';
