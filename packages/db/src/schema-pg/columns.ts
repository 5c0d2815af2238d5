import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
// A cycle (organisations' own rows have owners): the helpers below are function declarations, set
// before any module of the cycle runs, and the reference is followed only when asked for.
import { organisations } from './organisations';

// The PostgreSQL twin of ../schema/columns.ts: same SQL names, and the same TypeScript types for
// every column, so that code above the storage is written once for both engines.

/**
 * The instant a statement runs, as the SQLite schema writes it: ISO 8601 UTC with milliseconds
 * ('2026-01-01T00:00:00.123Z'). Kept as text rather than timestamptz: timestamptz would come back
 * as '2026-01-01 00:00:00.123+00' (or a Date), and these values are compared, sorted and shown as
 * the ISO text SQLite stores. statement_timestamp() is SQLite's 'now' (one instant per statement),
 * not now(), which would give every statement of a long transaction its start.
 */
export const isoNow = isoNowSql();

function isoNowSql() {
  return sql`to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

// BY DEFAULT rather than ALWAYS: SQLite lets a writer give an explicit id, and the insert type stays
// the same (id optional). A sequence never hands out an id twice, as SQLite's AUTOINCREMENT does not.
export function id() {
  return integer('id').primaryKey().generatedByDefaultAsIdentity();
}

export function rowMeta() {
  return {
    ownerOrgId: integer('owner_org_id')
      .notNull()
      .references((): AnyPgColumn => organisations.id),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: text('created_at').notNull().default(isoNowSql()),
    updatedAt: text('updated_at').notNull().default(isoNowSql()),
  };
}

/** SQLite keeps these as 0/1 with Drizzle's boolean mode; PostgreSQL has the type itself, and both read as `boolean`. */
export function bool(name: string) {
  return boolean(name);
}
/** ISO calendar date, 'YYYY-MM-DD': compares correctly as text, and reads back as the same string in both engines. */
export function date(name: string) {
  return text(name);
}
/**
 * Milliseconds since the epoch, an entry id of the user log, or a count of its entries: SQLite's
 * integer is 64-bit, PostgreSQL's is 32-bit, and these outgrow 2^31 (a time does today; the log
 * reaches two billion entries within years for a region). Read as a JS number, as in SQLite.
 */
export function int64(name: string) {
  return bigint(name, { mode: 'number' });
}
