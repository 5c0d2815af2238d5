import { sql } from 'drizzle-orm';
import { integer, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
// A cycle (organisations' own rows have owners): the helpers below are function declarations, set
// before any module of the cycle runs, and the reference is followed only when asked for.
import { organisations } from './organisations';

// Every registry row carries the same bookkeeping: who owns it (only the owner or a regional
// admin may change it), the version a writer must quote to update it, and whether it is demo data
// (demo rows never mix with reference data and are removed by one command).
export function id() {
  return integer('id').primaryKey({ autoIncrement: true });
}

/**
 * The largest id a registry row can have: PostgreSQL keeps them as 32-bit integers (the user log's
 * entries, 64-bit, are not registry rows). A larger one names no row on any engine.
 */
export const MAX_REGISTRY_ID = 2 ** 31 - 1;

export function rowMeta() {
  return {
    ownerOrgId: integer('owner_org_id')
      .notNull()
      .references((): AnySQLiteColumn => organisations.id),
    version: integer('version').notNull().default(1),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text('updated_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  };
}

export function bool(name: string) {
  return integer(name, { mode: 'boolean' });
}
/** ISO calendar date, 'YYYY-MM-DD': compares correctly as text. */
export function date(name: string) {
  return text(name);
}
