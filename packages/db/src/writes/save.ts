import { violation } from '@fvm/domain';
import type { Sqlite } from '../client';
import { writeOnPostgres } from '../postgres/writes';
import type { PgPool } from '../postgres/pool';
import type { LogKeys } from '../userLogs/keys';
import { batchWrite, RollbackBatch, type BatchOptions } from './batch';
import { savepoint, type Io } from './effects';
import { writeOnSqlite } from './onSqlite';
import type { BatchOperation, CreateItem, DeleteItem, EntityWriteSpec, RowOutcome, UpdateItem, WriteEnv } from './types';

/** One Save: an entity's new, changed and deleted rows, written in ONE transaction. */
export interface SaveItems {
  create?: readonly CreateItem[];
  update?: readonly UpdateItem[];
  delete?: readonly DeleteItem[];
}

/** A Save's answer: one outcome per row of each list, `index` counting within that list. */
export interface SaveResult {
  committed: boolean;
  create: RowOutcome[];
  update: RowOutcome[];
  delete: RowOutcome[];
}

/**
 * Deletes first, then updates, then creates: a row deleted frees its unique key for a row changed
 * or created in the same Save, and a new row never meets a row about to go.
 */
const ORDER: readonly BatchOperation[] = ['delete', 'update', 'create'];

type Outcomes = Record<BatchOperation, (RowOutcome | undefined)[]>;

/**
 * A Save runs each list as a batch (see batchWrite: ownership, versions, rules, history) inside one
 * transaction. With `allowPartial` every row stands alone. Without it, each list runs in a
 * savepoint: a failing list is undone there and the next lists are still tried, so the answer names
 * every failing row of the Save, not only those of the first list; then the whole transaction rolls
 * back, and the rows that would have been written answer `not_applied`.
 */
function* saveWrite(spec: EntityWriteSpec, items: Required<SaveItems>, env: WriteEnv, options: BatchOptions, outcomes: Outcomes): Io<void> {
  let failed = false;
  for (const op of ORDER) {
    const list = items[op];
    if (!list.length) continue;
    // A row named in two lists is answered once, by the list that runs first.
    const taken = op === 'update' ? new Set(items.delete.map((d) => d.id)) : new Set<number>();
    const runnable: number[] = [];
    list.forEach((item, index) => {
      const id = (item as UpdateItem).id;
      if (!taken.has(id)) return void runnable.push(index);
      const message = `Row ${id} is also deleted in this Save; send one change per row.`;
      outcomes[op][index] = {
        kind: 'invalid',
        index,
        violations: [violation('id', 'batch.duplicate_row', message, 'Raden tas också bort i samma sparning; skicka en ändring per rad.')],
      };
    });
    if (runnable.length < list.length) failed ||= !options.allowPartial;
    const own: (RowOutcome | undefined)[] = runnable.map(() => undefined);
    if (options.allowPartial)
      yield* batchWrite(
        spec,
        op,
        runnable.map((i) => list[i]!),
        env,
        options,
        own,
      );
    else {
      yield* savepoint('begin');
      try {
        yield* batchWrite(
          spec,
          op,
          runnable.map((i) => list[i]!),
          env,
          options,
          own,
        );
        yield* savepoint('release');
      } catch (error) {
        if (!(error instanceof RollbackBatch)) throw error;
        yield* savepoint('rollback');
        failed = true;
      }
    }
    own.forEach((o, i) => {
      if (o) outcomes[op][runnable[i]!] = { ...o, index: runnable[i]! };
    });
  }
  if (failed) throw new RollbackBatch();
}

/** One Save for an engine to run, as prepareBatch is for one list. */
export function prepareSave(spec: EntityWriteSpec, items: SaveItems, env: WriteEnv, options: BatchOptions = {}) {
  const lists = { create: items.create ?? [], update: items.update ?? [], delete: items.delete ?? [] };
  const outcomes: Outcomes = {
    create: lists.create.map(() => undefined),
    update: lists.update.map(() => undefined),
    delete: lists.delete.map(() => undefined),
  };
  const result = (committed: boolean): SaveResult => {
    const answer = (list: (RowOutcome | undefined)[]): RowOutcome[] =>
      list.map((o, index) => (committed ? o! : o && o.kind !== 'success' ? o : { kind: 'not_applied', index }));
    const out = { create: answer(outcomes.create), update: answer(outcomes.update), delete: answer(outcomes.delete) };
    return { committed: committed && ORDER.some((op) => out[op].some((o) => o.kind === 'success')), ...out };
  };
  return {
    now: env.now,
    io: () => saveWrite(spec, lists, env, options, outcomes),
    committed: () => result(true),
    rolledBack(error: unknown): SaveResult {
      if (!(error instanceof RollbackBatch)) throw error;
      return result(false);
    },
  };
}

export type SaveArgs = Parameters<typeof prepareSave>;

/** Applies one Save on SQLite, in one IMMEDIATE transaction. */
export function applySave(sqlite: Sqlite, keys: LogKeys, ...args: SaveArgs): SaveResult {
  const save = prepareSave(...args);
  try {
    writeOnSqlite(sqlite, keys, save.now, save.io);
    return save.committed();
  } catch (error) {
    return save.rolledBack(error);
  }
}

/** Applies one Save on PostgreSQL, in one transaction. */
export async function applySavePg(pool: PgPool, keys: LogKeys, ...args: SaveArgs): Promise<SaveResult> {
  const save = prepareSave(...args);
  try {
    await writeOnPostgres(pool, keys, save.now, save.io);
    return save.committed();
  } catch (error) {
    return save.rolledBack(error);
  }
}
