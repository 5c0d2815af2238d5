import type { Sqlite } from '../client';
import { selectList, toSqlite, type CopiedRows } from './copyPlan';
import type { PgPool } from './pool';

// What a copy is checked against once it is committed: the rows read from the SQLite snapshot it
// was made from, table by table, in counts and in a sample compared value by value.

/** Rows compared per table; more of the user log, which is most of any registry. */
const SAMPLE = 200;
const LOG_SAMPLE = 1_000;

export interface SampleOfTable {
  table: CopiedRows;
  /** Rows in `table.columns` order, as SQLite holds them. */
  rows: unknown[][];
}

/** A spread of rows, the same on every run where the table has ids, read inside the copy's snapshot. */
export function sampleOf(sqlite: Sqlite, table: CopiedRows): SampleOfTable {
  const size = table.name === 'user_log_entries' ? LOG_SAMPLE : SAMPLE;
  const order = table.key.length === 1 && table.key[0] === 'id' ? '(id * 2654435761) % 4294967296' : 'random()';
  const names = table.columns.map((c) => `"${c.name}"`).join(', ');
  const rows = sqlite
    .prepare(`SELECT ${names} FROM "${table.name}"${table.where ? ` WHERE ${table.where}` : ''} ORDER BY ${order} LIMIT ${size}`)
    .raw(true)
    .all() as unknown[][];
  return { table, rows };
}

const same = (a: unknown, b: unknown) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);

/** The sample's rows read back from PostgreSQL by key: a problem for each row missing or differing there. */
export async function compareSample(pool: PgPool, { table, rows }: SampleOfTable, limit: number): Promise<string[]> {
  const keyAt = table.key.map((k) => table.columns.findIndex((c) => c.name === k));
  const keyOf = (row: readonly unknown[]) => JSON.stringify(keyAt.map((i) => (Buffer.isBuffer(row[i]) ? (row[i] as Buffer).toString('hex') : row[i])));
  const there = new Map<string, unknown[]>();
  const read = async (where: string, params: unknown[]) => {
    const found = (await pool.query({ text: `SELECT ${selectList(table)} FROM "${table.name}" WHERE ${where}`, values: params, rowMode: 'array' }))
      .rows as unknown[][];
    for (const r of found) {
      const row = r.map((v, i) => toSqlite(table.columns[i]!.kind, v));
      there.set(keyOf(row), row);
    }
  };
  if (keyAt.length === 1) await read(`"${table.key[0]}" = ANY($1)`, [rows.map((r) => r[keyAt[0]!])]);
  else
    for (const row of rows)
      await read(
        table.key.map((k, i) => `"${k}" = $${i + 1}`).join(' AND '),
        keyAt.map((i) => row[i]),
      );
  const problems: string[] = [];
  for (const row of rows) {
    const copy = there.get(keyOf(row));
    const differs = copy ? table.columns.filter((_, i) => !same(row[i], copy[i])).map((c) => c.name) : ['the row is missing'];
    if (differs.length) problems.push(`${table.name} ${keyOf(row)}: ${differs.join(', ')}${copy ? ` differ${differs.length === 1 ? 's' : ''}` : ''}`);
    if (problems.length >= limit) break;
  }
  return problems;
}

/** A problem for each table whose count on PostgreSQL is not the count copied. */
export async function compareCounts(pool: PgPool, tables: readonly CopiedRows[], counts: Record<string, number>): Promise<string[]> {
  const problems: string[] = [];
  for (const t of tables) {
    const there = Number((await pool.query(`SELECT count(*) AS n FROM "${t.name}"${t.where ? ` WHERE ${t.where}` : ''}`)).rows[0].n);
    if (there !== counts[t.name]) problems.push(`${t.name}: ${counts[t.name]} rows copied, ${there} there`);
  }
  if (counts.user_log_entries !== undefined) {
    const keyed = Number((await pool.query('SELECT count(*) AS n FROM user_log_entry_keys')).rows[0].n);
    if (keyed !== counts.user_log_entries) problems.push(`user_log_entry_keys: ${keyed} keys for ${counts.user_log_entries} entries`);
  }
  return problems;
}
