import type { LogKeys, Stores } from '@fvm/db';
import { resolve } from 'node:path';

export interface LogsContext {
  stores: Stores;
  /** The keys the stores were opened with. */
  keys: LogKeys;
  /** Where they are kept (outside the database). */
  keyFile: string;
  /** The same database's stores under other keys (after a chain key was added). */
  withKeys(keys: LogKeys): Promise<Stores>;
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

/** "Kungälv (1482)" for a data owner id, for output people read. */
export async function ownerLabels(stores: Stores): Promise<(id: number) => string> {
  const { organisations } = await stores.organisations.lookupRows();
  const labels = new Map(organisations.map((o) => [o.id, `${o.name} (${o.municipalityCode ?? o.organisationNumber ?? `id ${o.id}`})`]));
  return (id) => labels.get(id) ?? `organisation ${id}`;
}

export function positiveInteger(value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new UsageError(`${name} must be a whole number from 1 to ${max}; got "${value}".`);
  return Number(value);
}

export function isoDate(value: string, name: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new UsageError(`${name} must be a date as YYYY-MM-DD; got "${value}".`);
  }
  return value;
}

export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);
