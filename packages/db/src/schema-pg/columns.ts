import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of ../schema/columns.ts: same SQL names, and the same TypeScript types for
// every column, so that code above the storage is written once for both engines.

/**
 * The instant a statement runs, as the SQLite schema writes it: ISO 8601 UTC with milliseconds
 * ('2026-01-01T00:00:00.123Z'). Kept as text rather than timestamptz: timestamptz would come back
 * as '2026-01-01 00:00:00.123+00' (or a Date), and these values are compared, sorted and shown as
 * the ISO text SQLite stores. statement_timestamp() is SQLite's 'now' (one instant per statement),
 * not now(), which would give every statement of a long transaction its start.
 */
export const isoNow = sql`to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// BY DEFAULT rather than ALWAYS: SQLite lets a writer give an explicit id, and the insert type stays
// the same (id optional). A sequence never hands out an id twice, as SQLite's AUTOINCREMENT does not.
export const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const rowMeta = () => ({
  ownerOrgId: integer('owner_org_id').notNull(),
  version: integer('version').notNull().default(1),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: text('created_at').notNull().default(isoNow),
  updatedAt: text('updated_at').notNull().default(isoNow),
});

/** SQLite keeps these as 0/1 with Drizzle's boolean mode; PostgreSQL has the type itself, and both read as `boolean`. */
export const bool = (name: string) => boolean(name);
/** ISO calendar date, 'YYYY-MM-DD': compares correctly as text, and reads back as the same string in both engines. */
export const date = (name: string) => text(name);
/**
 * Milliseconds since the epoch, an entry id of the user log, or a count of its entries: SQLite's
 * integer is 64-bit, PostgreSQL's is 32-bit, and these outgrow 2^31 (a time does today; the log
 * reaches two billion entries within years for a region). Read as a JS number, as in SQLite.
 */
export const int64 = (name: string) => bigint(name, { mode: 'number' });
