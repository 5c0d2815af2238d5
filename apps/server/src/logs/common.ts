import { keyFileFor, loadLogKeys, type Db, type LogKeys, type Sqlite } from '@fvm/db';
import { resolve } from 'node:path';

export interface LogsContext {
  db: Db;
  sqlite: Sqlite;
  databaseFile: string;
}

/** A mistake in how the command was called: the command line says so and exits with 2. */
export class UsageError extends Error {}

/**
 * A file named on the command line, taken from where the command was started: `npm run fvm` runs
 * in apps/server, and npm keeps the starting directory in INIT_CWD (as for FVM_DATABASE).
 */
export function userPath(file: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

export function logKeys(ctx: LogsContext): LogKeys {
  const keys = loadLogKeys(keyFileFor(ctx.databaseFile));
  if (keys.source === 'created') {
    console.error(`Created the pseudonym key ${keyFileFor(ctx.databaseFile)}. Back it up apart from the database: without it, stored pseudonyms can no longer be matched to identity numbers.`);
  }
  return keys;
}

/** "Kungälv (1482)" for a data owner id, for output people read. */
export function ownerLabels(sqlite: Sqlite): (id: number) => string {
  const rows = sqlite.prepare('SELECT id, name, municipality_code, organisation_number FROM organisations').all() as {
    id: number; name: string; municipality_code: string | null; organisation_number: string | null;
  }[];
  const labels = new Map(rows.map((r) => [r.id, `${r.name} (${r.municipality_code ?? r.organisation_number ?? `id ${r.id}`})`]));
  return (id) => labels.get(id) ?? `organisation ${id}`;
}

export function positiveInteger(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}; got "${value}".`);
  return Number(value);
}

export function isoDate(value: string, name: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${name} must be a date as YYYY-MM-DD; got "${value}".`);
  }
  return value;
}

export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);
