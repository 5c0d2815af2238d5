import { openDatabase, type Db, type Sqlite } from '../client';
import { COPY_ORDER, DEFER_KEYS_SQL, selectList, tablesOf, toPostgres, toSqlite, type CopiedRows } from './copyPlan';
import { copyRows, lastIdGiven, placeSequence } from './copyRows';
import { inTransaction, type PgClient, type PgPool } from './pool';

// The seeds (reference data, demo data, demo tokens) are written once, for SQLite. To run one
// against a registry on PostgreSQL, the registry's rows are read into a scratch SQLite database in
// memory, with each table's last id given; the seed runs there as it would on a SQLite registry
// in that state; and what it changed (rows added, cells changed, rows removed) is written back in
// the transaction the rows were read in. So the result is the SQLite seed's, ids included, and
// the change history's chain and sealed head go on from where they were. Every registry row is
// read and compared, the change history's too: fine for seeds, which run rarely; not a way to
// write in bulk.

const SLICE = 10_000;

export interface ScratchRegistry {
  db: Db;
  sqlite: Sqlite;
}

/** Rows added, changed and removed, per table, by a seed run through the scratch database. */
export type ScratchChanges = Record<string, { added: number; changed: number; removed: number }>;

/** The registry's part only: the user log's tables stay empty in the scratch database, and a seed that writes them is refused. */
const REGISTRY = tablesOf(['registry']);

/** Runs `seed` on a scratch SQLite copy of the PostgreSQL registry of `pool` and writes what it changed back. */
export async function throughScratchRegistry<T>(pool: PgPool, seed: (scratch: ScratchRegistry) => T): Promise<{ result: T; changes: ScratchChanges }> {
  const scratch = openDatabase(':memory:', { migrate: true });
  try {
    return await inTransaction(pool, async (client) => {
      // Readers go on; writers of the registry wait until the seed's rows are in (or rolled back).
      await client.query(`LOCK TABLE ${REGISTRY.map((t) => `"${t.name}"`).join(', ')} IN EXCLUSIVE MODE`);
      // A new organisation may name a new roll-out stage, stored after it (see DEFERRED_KEYS).
      await client.query(DEFER_KEYS_SQL);
      await mirror(client, scratch.sqlite);
      const before = new Map(REGISTRY.map((t) => [t.name, rowsByKey(scratch.sqlite, t)]));
      const result = seed(scratch);
      // SQLite's seeds run in synchronous transactions; one still running could not be written back whole.
      if (result instanceof Promise) throw new Error('A seed run through a scratch SQLite database must be synchronous, as the SQLite seeds are.');
      refuseLogWrites(scratch.sqlite);
      const changes = await writeBack(client, scratch.sqlite, before);
      return { result, changes };
    });
  } finally {
    scratch.close();
  }
}

/** The PostgreSQL registry's rows into the scratch database, with each table's last id given. */
async function mirror(client: PgClient, sqlite: Sqlite): Promise<void> {
  // A disclosure request may name a log entry, which the scratch database has not: references are
  // checked again for what the seed writes, not for the rows copied in.
  sqlite.pragma('foreign_keys = OFF');
  for (const table of REGISTRY) {
    const insert = sqlite.prepare(
      `INSERT INTO "${table.name}" (${table.columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
    );
    const store = sqlite.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(...row.map((v, i) => toSqlite(table.columns[i]!.kind, v)));
    });
    const select = `SELECT ${selectList(table)} FROM "${table.name}"`;
    if (table.identity) {
      for (let after = 0; ;) {
        const { rows } = await client.query({ text: `${select} WHERE id > $1 ORDER BY id LIMIT ${SLICE}`, values: [after], rowMode: 'array' });
        store(rows);
        if (rows.length < SLICE) break;
        after = Number(rows[rows.length - 1]![table.columns.findIndex((c) => c.name === 'id')]);
      }
      const sequence = (await client.query("SELECT pg_get_serial_sequence($1, 'id') AS s", [`"${table.name}"`])).rows[0].s as string;
      const used = Number((await client.query(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM ${sequence}`)).rows[0].n);
      sqlite.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(table.name);
      if (used > 0) sqlite.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table.name, used);
    } else {
      store((await client.query({ text: `${select}${table.where ? ` WHERE ${table.where}` : ''}`, rowMode: 'array' })).rows);
    }
  }
  sqlite.pragma('foreign_keys = ON');
}

const keyOf = (table: CopiedRows, row: readonly unknown[]) =>
  JSON.stringify(table.key.map((k) => row[table.columns.findIndex((c) => c.name === k)]).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));

function rowsByKey(sqlite: Sqlite, table: CopiedRows): Map<string, unknown[]> {
  const rows = sqlite
    .prepare(`SELECT ${table.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${table.name}"${table.where ? ` WHERE ${table.where}` : ''}`)
    .raw(true)
    .all() as unknown[][];
  return new Map(rows.map((r) => [keyOf(table, r), r]));
}

/** The user log is not carried back this way: a seed that wrote it (entries, reads, their heads) is refused rather than half applied. */
function refuseLogWrites(sqlite: Sqlite): void {
  const written = COPY_ORDER.filter(
    (t) => t.part === 'log' && !t.oneRow && sqlite.prepare(`SELECT EXISTS (SELECT 1 FROM "${t.name}")`).pluck().get() === 1,
  ).map((t) => t.name);
  const heads = sqlite
    .prepare(`SELECT name FROM proof_heads WHERE NOT (${REGISTRY.find((t) => t.name === 'proof_heads')!.where})`)
    .pluck()
    .all() as string[];
  if (written.length || heads.length)
    throw new Error(
      `A seed run through a scratch SQLite database wrote the user log (${[...new Set([...written, ...heads])].join(', ')}), which is not carried to PostgreSQL this way.`,
    );
}

const same = (a: unknown, b: unknown) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);

/**
 * Added rows first, parents before children (COPY), then changed cells, then removed rows,
 * children before parents: every foreign key holds after each statement.
 */
async function writeBack(client: PgClient, sqlite: Sqlite, before: Map<string, Map<string, unknown[]>>): Promise<ScratchChanges> {
  const changes: ScratchChanges = {};
  const removals: { table: CopiedRows; rows: unknown[][] }[] = [];
  const updates: { table: CopiedRows; row: unknown[]; columns: number[] }[] = [];
  for (const table of REGISTRY) {
    const was = before.get(table.name)!;
    const now = rowsByKey(sqlite, table);
    const added: unknown[][] = [];
    for (const [key, row] of now) {
      const old = was.get(key);
      if (!old) added.push(row);
      else {
        const columns = row.flatMap((v, i) => (same(v, old[i]) ? [] : [i]));
        if (columns.length) updates.push({ table, row, columns });
      }
    }
    const removed = [...was].filter(([key]) => !now.has(key)).map(([, row]) => row);
    if (added.length) await copyRows(client, table, added);
    if (removed.length) removals.unshift({ table, rows: removed });
    if (table.identity) await placeSequence(client, table.name, lastIdGiven(sqlite, table.name));
    changes[table.name] = { added: added.length, changed: updates.filter((u) => u.table === table).length, removed: removed.length };
  }
  for (const { table, row, columns } of updates) {
    const set = columns.map((i, n) => `"${table.columns[i]!.name}" = $${n + 1}`);
    await client.query(`UPDATE "${table.name}" SET ${set.join(', ')} WHERE ${whereKey(table, columns.length + 1)}`, [
      ...columns.map((i) => toPostgres(table.columns[i]!.kind, row[i])),
      ...keyValues(table, row),
    ]);
  }
  for (const { table, rows } of removals) {
    if (table.key.length === 1) await client.query(`DELETE FROM "${table.name}" WHERE "${table.key[0]}" = ANY($1)`, [rows.map((r) => keyValues(table, r)[0])]);
    else for (const row of rows) await client.query(`DELETE FROM "${table.name}" WHERE ${whereKey(table, 1)}`, keyValues(table, row));
  }
  return Object.fromEntries(Object.entries(changes).filter(([, c]) => c.added + c.changed + c.removed > 0));
}

const whereKey = (table: CopiedRows, from: number) => table.key.map((k, i) => `"${k}" = $${from + i}`).join(' AND ');

function keyValues(table: CopiedRows, row: readonly unknown[]): unknown[] {
  return table.key.map((k) => {
    const i = table.columns.findIndex((c) => c.name === k);
    return toPostgres(table.columns[i]!.kind, row[i]);
  });
}
