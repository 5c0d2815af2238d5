import type { LedgerSeal } from '../proof/ledger';
import type { LogKeys } from '../userLogs/keys';
import { prepareBatch, type BatchArgs } from '../writes/batch';
import { codecFor, type TableCodec } from '../writes/codec';
import { getTableConfig, IndexedColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ConstraintError, runAsync, type ChangeRecord, type Effect, type Io, type Owned, type RowUpdate } from '../writes/effects';
import { changeColumns, CHANGE_INSERT } from '../writes/history';
import { countStatement, deleteStatement, insertStatement, selectStatement, updateStatement, type Statement } from '../writes/sql';
import type { BatchResult } from '../writes/types';
import { openLedger } from './logs/proof';
import { storeHead } from './logs/rows';
import { inTransaction, numbered, type PgClient, type PgPool } from './pool';

/** PostgreSQL's report of a refused key or reference, in the engine-neutral form. */
function constraintOf(error: unknown): unknown {
  const e = error as { code?: string; detail?: string; message?: string };
  // "Key (municipality_id, option_id, is_demo)=(3, 1, f) already exists."
  if (e.code === '23505')
    return new ConstraintError(
      'unique',
      (/^Key \(([^)]*)\)=/.exec(e.detail ?? '')?.[1] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, '')),
      e.message ?? '',
    );
  if (e.code === '23503') return new ConstraintError('foreign_key', [], e.message ?? '');
  return error;
}

// Named statements are parsed and planned once per connection: a 10,000-row batch runs the same
// few texts thousands of times. Texts with long IN lists vary; they go unnamed.
const names = new Map<string, string>();
function nameOf(text: string): string | undefined {
  if (text.length > 2_000) return undefined;
  let name = names.get(text);
  if (!name && names.size < 1_000) names.set(text, (name = `fvm_w${names.size}`));
  return name;
}

async function run(client: PgClient, s: Statement) {
  try {
    const text = numbered(s.text);
    return await client.query({ name: nameOf(text), text, values: s.params });
  } catch (error) {
    throw constraintOf(error);
  }
}

/**
 * Change records are linked one by one as the batch goes (each link needs the one before) and
 * stored together, many to a statement, before the head is sealed: nothing in a batch reads the
 * change history back, and the chain's links do not depend on the records' ids.
 */
export class PendingChanges {
  private rows: unknown[][] = [];
  constructor(
    private readonly client: PgClient,
    private readonly ledger: LedgerSeal,
  ) {}

  async add(change: ChangeRecord) {
    const columns = changeColumns(change);
    const { hash, keyId } = this.ledger.link(columns);
    // Linked as SQLite keeps it (0/1), stored as PostgreSQL's boolean.
    this.rows.push([...Object.values({ ...columns, is_demo: columns.is_demo === 1 }), hash, keyId]);
    this.ledger.appendedLink(hash);
    if (this.rows.length >= CHANGES_PER_STATEMENT) await this.flush();
  }

  async flush() {
    if (!this.rows.length) return;
    const width = this.rows[0]!.length;
    const values = this.rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`).join(',');
    const { rows } = await this.client.query(`${CHANGE_INSERT.slice(0, CHANGE_INSERT.indexOf(' VALUES '))} VALUES ${values} RETURNING id`, this.rows.flat());
    this.ledger.storedUpTo(Math.max(...rows.map((r) => Number(r.id))));
    this.rows = [];
  }
}
const CHANGES_PER_STATEMENT = 1_000;

/** Answers the write path's effects inside one PostgreSQL transaction. */
function answerer(client: PgClient, changes: PendingChanges) {
  return async (effect: Effect): Promise<unknown> => {
    switch (effect.kind) {
      case 'select': {
        const codec = codecFor(effect.table, 'postgresql');
        return (await run(client, selectStatement(codec, effect.where))).rows.map((raw) => codec.decode(raw));
      }
      case 'count':
        return Number((await run(client, countStatement(codecFor(effect.table, 'postgresql'), effect.where))).rows[0].n);
      case 'insert': {
        const codec = codecFor(effect.table, 'postgresql');
        return codec.decode((await run(client, insertStatement(codec, effect.values))).rows[0]);
      }
      case 'update': {
        const codec = codecFor(effect.table, 'postgresql');
        return (await run(client, updateStatement(codec, effect.where, effect.set, effect.owned))).rowCount;
      }
      case 'delete': {
        const codec = codecFor(effect.table, 'postgresql');
        return (await run(client, deleteStatement(codec, effect.where, effect.owned))).rowCount;
      }
      case 'updateRows':
        return updateRowsPg(client, effect.table, effect.rows, effect.owned);
      case 'change':
        return changes.add(effect.change);
      case 'savepoint':
        await client.query(
          effect.step === 'begin'
            ? 'SAVEPOINT fvm_row'
            : effect.step === 'release'
              ? 'RELEASE SAVEPOINT fvm_row'
              : 'ROLLBACK TO SAVEPOINT fvm_row; RELEASE SAVEPOINT fvm_row',
        );
        return undefined;
    }
  };
}

/** At most this many rows, and parameters, in one multi-row UPDATE. */
const ROWS_PER_UPDATE = 1_000;
const PARAMS_PER_UPDATE = 30_000;

/**
 * Answers updateRows: consecutive rows that name one row each by id (distinct ids, `=` on non-null
 * values) and set the same columns are written by one UPDATE … FROM (VALUES …), each row matched to
 * its own values and reported by its ordinal (RETURNING), so each still answers its own count. The
 * statement runs in a savepoint: should PostgreSQL refuse it (a key, a reference, a check, or any
 * other error), it is undone and its rows are written again one by one, as `update` would, so that
 * the refused row, its ConstraintError and every row before it are exactly as row by row.
 */
async function updateRowsPg(client: PgClient, table: SQLiteTable, rows: readonly RowUpdate[], owned: Owned | undefined): Promise<(number | ConstraintError)[]> {
  const codec = codecFor(table, 'postgresql');
  const answers: (number | ConstraintError)[] = [];
  const single = async (row: RowUpdate): Promise<boolean> => {
    try {
      answers.push((await run(client, updateStatement(codec, row.where, row.set, owned))).rowCount ?? 0);
      return true;
    } catch (error) {
      if (!(error instanceof ConstraintError)) throw error;
      answers.push(error);
      return false;
    }
  };
  for (let i = 0; i < rows.length;) {
    const group = groupAt(codec, rows, i);
    i += Math.max(group.length, 1);
    if (group.length < 2) {
      if (!(await single(rows[i - 1]!))) return answers;
      continue;
    }
    await client.query('SAVEPOINT fvm_rows');
    let changed: Set<number>;
    try {
      const s = multiRowUpdate(codec, group, owned);
      changed = new Set((await client.query(numbered(s.text), s.params)).rows.map((r) => Number(r.n)));
      await client.query('RELEASE SAVEPOINT fvm_rows');
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT fvm_rows; RELEASE SAVEPOINT fvm_rows');
      for (const row of group) if (!(await single(row))) return answers;
      continue;
    }
    for (let n = 0; n < group.length; n++) answers.push(changed.has(n) ? 1 : 0);
  }
  return answers;
}

/** The rows from `start` that one statement can write together (empty: the row at `start` goes alone). */
function groupAt(codec: TableCodec, rows: readonly RowUpdate[], start: number): RowUpdate[] {
  const shape = shapeOf(rows[start]!);
  if (!shape) return [];
  const width = 1 + Object.keys(rows[start]!.where).length + Object.keys(rows[start]!.set).length;
  const ids = new Set<unknown>();
  const group: RowUpdate[] = [];
  for (let i = start; i < rows.length && group.length < ROWS_PER_UPDATE && (group.length + 1) * width <= PARAMS_PER_UPDATE; i++) {
    const row = rows[i]!;
    const id = (row.where.id as { eq: unknown }).eq;
    if (shapeOf(row) !== shape || ids.has(id)) break;
    ids.add(id);
    group.push(row);
  }
  return keysStayApart(codec, group) ? group : [];
}

/**
 * Unique keys are checked row by row as a statement goes, in the order PostgreSQL meets the rows:
 * a row taking a key another row of the same statement gives up could pass together and fail one
 * by one (or the reverse). Rows go together only when none takes a unique key that another of
 * them holds before the write (keys with a NULL never clash); keys that two rows both take make
 * the statement fail, and the rows are then written one by one anyway.
 */
function keysStayApart(codec: TableCodec, group: readonly RowUpdate[]): boolean {
  const keys = uniqueKeysOf(codec);
  if (!keys) return false;
  const setKeys = Object.keys(group[0]!.set);
  for (const key of keys) {
    if (!key.some((k) => setKeys.includes(k))) continue;
    if (group.some((row) => !row.before)) return false;
    const held = new Map<string, number>();
    const tuple = (values: unknown[]) => (values.some((v) => v === null || v === undefined) ? null : JSON.stringify(values));
    group.forEach((row, i) => {
      const old = tuple(key.map((k) => row.before![k]));
      if (old !== null) held.set(old, i);
    });
    for (const [i, row] of group.entries()) {
      const taken = tuple(key.map((k) => (k in row.set ? row.set[k] : row.before![k])));
      if (taken !== null && held.has(taken) && held.get(taken) !== i) return false;
    }
  }
  return true;
}

const uniqueKeys = new WeakMap<TableCodec, string[][] | null>();
/** A table's unique keys, by the columns' TypeScript keys; null when one is on an expression (rows then go one by one). */
function uniqueKeysOf(codec: TableCodec): string[][] | null {
  if (uniqueKeys.has(codec)) return uniqueKeys.get(codec)!;
  const first = Object.values(codec.columns)[0] as unknown as { table: PgTable };
  const config = getTableConfig(first.table);
  const keyOf = (sqlName: string) => codec.keyOf(sqlName) ?? sqlName;
  let keys: string[][] | null = [
    ...config.columns.filter((c) => c.isUnique || c.primary).map((c) => [keyOf(c.name)]),
    ...config.uniqueConstraints.map((u) => u.columns.map((c) => keyOf(c.name))),
    ...config.primaryKeys.map((p) => p.columns.map((c) => keyOf(c.name))),
  ];
  for (const index of config.indexes) {
    if (!index.config.unique) continue;
    const columns = index.config.columns.map((c) => (c instanceof IndexedColumn && c.name ? c.name : null));
    if (columns.some((c) => c === null)) {
      keys = null;
      break;
    }
    keys.push(columns.map((c) => keyOf(c!)));
  }
  uniqueKeys.set(codec, keys);
  return keys;
}

/** Which columns a row's update names and sets, or null when it cannot share a statement. */
function shapeOf(row: RowUpdate): string | null {
  const where = Object.entries(row.where);
  if (!row.where.id || !where.every(([, c]) => c !== undefined && 'eq' in c && c.eq !== null && c.eq !== undefined)) return null;
  const set = Object.keys(row.set);
  if (!set.length) return null;
  return JSON.stringify([where.map(([k]) => k), set]);
}

function multiRowUpdate(codec: TableCodec, group: readonly RowUpdate[], owned: Owned | undefined): Statement {
  const whereKeys = Object.keys(group[0]!.where);
  const setKeys = Object.keys(group[0]!.set);
  const cast = (key: string) => `?::${(codec.columns[key] as unknown as { getSQLType(): string }).getSQLType()}`;
  const tuple = `(?::integer, ${[...whereKeys, ...setKeys].map(cast).join(', ')})`;
  const params: unknown[] = [];
  group.forEach((row, n) => {
    params.push(n);
    for (const k of whereKeys) params.push(codec.encode(k, (row.where[k] as { eq: unknown }).eq));
    for (const k of setKeys) params.push(codec.encode(k, row.set[k]));
  });
  const names = ['n', ...whereKeys.map((_, i) => `w${i}`), ...setKeys.map((_, i) => `s${i}`)];
  const conditions = whereKeys.map((k, i) => `t."${codec.sqlColumn(k)}" = v.w${i}`);
  if (owned) {
    // As updateStatement states it (see writes/sql.ts).
    conditions.push('(? OR t."owner_org_id" = ?) AND (NOT ? OR t."is_demo")');
    params.push(codec.encode('isDemo', owned.anyOwner), owned.ownerOrgId, codec.encode('isDemo', owned.demoRowsOnly));
  }
  return {
    text: `UPDATE "${codec.sqlName}" AS t SET ${setKeys.map((k, i) => `"${codec.sqlColumn(k)}" = v.s${i}`).join(', ')} FROM (VALUES ${group.map(() => tuple).join(', ')}) AS v(${names.join(', ')}) WHERE ${conditions.join(' AND ')} RETURNING v.n`,
    params,
  };
}

/**
 * Runs a write in one transaction. The change history's lock is taken first and held to commit:
 * registry writers follow one another as on SQLite's single writer, so a batch's cross-row rules
 * (one active call-off per municipality and option, …) read everything committed before it, and
 * its change records link onto the last one. `committed` is called after the commit.
 */
export async function writeOnPostgres<T>(pool: PgPool, keys: LogKeys, now: string, io: () => Io<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    const ledger = await openLedger(client, keys, 'changes', now);
    const changes = new PendingChanges(client, ledger);
    const result = await runAsync(io(), answerer(client, changes));
    await changes.flush();
    await storeHead(client, 'changes', ledger.sealedRow());
    return result;
  });
}

/** Applies one batch (see batchWrite) on PostgreSQL. */
export async function applyBatchPg(pool: PgPool, keys: LogKeys, ...args: BatchArgs): Promise<BatchResult> {
  const batch = prepareBatch(...args);
  try {
    await writeOnPostgres(pool, keys, batch.now, batch.io);
    return batch.committed();
  } catch (error) {
    return batch.rolledBack(error);
  }
}
