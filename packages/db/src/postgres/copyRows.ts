import type { Sqlite } from '../client';
import { copyColumns } from './copy';
import { toPostgres, type CopiedTable } from './copyPlan';
import type { PgClient } from './pool';

const quoted = (name: string) => `"${name}"`;

/**
 * Stores rows as SQLite holds them (raw, in `table.columns` order) with COPY, each value as
 * PostgreSQL takes it. An entry of the user log takes its key along: PostgreSQL keeps the
 * uniqueness of its id and source id in user_log_entry_keys, which the partitioned entries cannot.
 */
export async function copyRows(client: PgClient, table: CopiedTable, rows: readonly unknown[][]): Promise<void> {
  const columns = table.columns.map((c, i) => rows.map((r) => toPostgres(c.kind, r[i])));
  await copyColumns(
    client,
    quoted(table.name),
    table.columns.map((c) => quoted(c.name)),
    columns,
  );
  if (table.name === 'user_log_entries') {
    const at = (name: string) => columns[table.columns.findIndex((c) => c.name === name)]!;
    await copyColumns(
      client,
      'user_log_entry_keys',
      ['source_system', 'source_entry_id', 'is_demo', 'entry_id', 'occurred_at'],
      [at('source_system'), at('source_entry_id'), at('is_demo'), at('id'), at('occurred_at')],
    );
  }
}

/** A one-row table (the migrations made its row on both engines): its values set from SQLite's. */
export async function storeOneRow(client: PgClient, table: CopiedTable, row: readonly unknown[]): Promise<void> {
  const names = table.columns.map((c) => quoted(c.name));
  await client.query(
    `INSERT INTO ${quoted(table.name)} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(', ')}`,
    table.columns.map((c, i) => toPostgres(c.kind, row[i])),
  );
}

/** The highest id SQLite ever gave out in a table (AUTOINCREMENT never gives one twice, deleted or not). */
export function lastIdGiven(sqlite: Sqlite, table: string): number {
  return (sqlite.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table) as number | undefined) ?? 0;
}

/**
 * Moves a table's sequence on past every id stored and past `given` (ids SQLite gave out and then
 * deleted, e.g. demo rows, are not given again there either); never back.
 */
export async function placeSequence(client: PgClient, table: string, given: number): Promise<void> {
  const sequence = (await client.query("SELECT pg_get_serial_sequence($1, 'id') AS s", [quoted(table)])).rows[0].s as string;
  const { rows } = await client.query(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS used FROM ${sequence}`);
  const stored = Number((await client.query(`SELECT coalesce(max(id), 0) AS m FROM ${quoted(table)}`)).rows[0].m);
  const last = Math.max(Number(rows[0].used), stored, given);
  if (last > 0) await client.query('SELECT setval($1, $2, true)', [sequence, last]);
}
