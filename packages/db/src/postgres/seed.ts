import { loadDemoData, removeDemoData } from '../seed/demo';
import { loadReferenceData } from '../seed/reference';
import type { PgPool } from './pool';
import { throughScratchRegistry } from './scratch';

// The seeds of a registry on PostgreSQL are the SQLite seeds, run through a scratch SQLite copy of
// the registry (see scratch.ts): one copy of the reference and demo data, not a second one to keep
// in step. None of them writes a chained record (change history, user log), so none needs the keys.

/** Loads the reference data into a registry without organisations; a registry with any is left as it is. */
export async function loadReferenceDataPg(pool: PgPool): Promise<{ inserted: boolean }> {
  if ((await pool.query('SELECT EXISTS (SELECT 1 FROM organisations) AS x')).rows[0].x) return { inserted: false };
  return (await throughScratchRegistry(pool, ({ db }) => loadReferenceData(db))).result;
}

/** Loads the demo data (the reference data must be there), as loadDemoData would on SQLite: the same rows, the same ids. */
export async function loadDemoDataPg(pool: PgPool, opts: { seed?: number } = {}): Promise<{ counts: Record<string, number> }> {
  return (await throughScratchRegistry(pool, ({ db }) => loadDemoData(db, opts))).result;
}

/**
 * Removes every demo row and the demo's marks on reference rows, as removeDemoData does on SQLite.
 * A real row that names a demo row (a user log entry of a demo organisation, say) makes the
 * removal fail whole on PostgreSQL's foreign keys: remove the demo log first.
 */
export async function removeDemoDataPg(pool: PgPool): Promise<{ removed: Record<string, number> }> {
  return (await throughScratchRegistry(pool, ({ db }) => removeDemoData(db))).result;
}
