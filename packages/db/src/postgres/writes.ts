import type { LedgerSeal } from '../proof/ledger';
import type { LogKeys } from '../userLogs/keys';
import { batchResult, batchWrite, RollbackBatch, type BatchOptions } from '../writes/batch';
import { codecFor } from '../writes/codec';
import { ConstraintError, runAsync, type ChangeRecord, type Effect, type Io } from '../writes/effects';
import { changeColumns, CHANGE_INSERT } from '../writes/history';
import { countStatement, deleteStatement, insertStatement, selectStatement, updateStatement, type Statement } from '../writes/sql';
import type { BatchItem, BatchOperation, BatchResult, EntityWriteSpec, RowOutcome, WriteEnv } from '../writes/types';
import { openLedger } from './logs/proof';
import { storeHead } from './logs/rows';
import { inTransaction, numbered, type PgClient, type PgPool } from './pool';

/** PostgreSQL's report of a refused key or reference, in the engine-neutral form. */
function constraintOf(error: unknown): unknown {
  const e = error as { code?: string; detail?: string; message?: string };
  // "Key (municipality_id, option_id, is_demo)=(3, 1, f) already exists."
  if (e.code === '23505') return new ConstraintError('unique', (/^Key \(([^)]*)\)=/.exec(e.detail ?? '')?.[1] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, '')), e.message ?? '');
  if (e.code === '23503') return new ConstraintError('foreign_key', [], e.message ?? '');
  return error;
}

async function run(client: PgClient, s: Statement) {
  try {
    return await client.query(numbered(s.text), s.params);
  } catch (error) {
    throw constraintOf(error);
  }
}

/** Links a change record onto the change history's chain and stores it, inside the ledger's transaction. */
export async function storeChangePg(client: PgClient, ledger: LedgerSeal, change: ChangeRecord): Promise<undefined> {
  const columns = changeColumns(change);
  const { hash, keyId } = ledger.link(columns);
  // Linked as SQLite keeps it (0/1), stored as PostgreSQL's boolean.
  const values = Object.values({ ...columns, is_demo: columns.is_demo === 1 });
  const { rows } = await client.query(`${numbered(CHANGE_INSERT)} RETURNING id`, [...values, hash, keyId]);
  ledger.appendedRecord(Number(rows[0].id), hash);
  return undefined;
}

/** Answers the write path's effects inside one PostgreSQL transaction. */
function answerer(client: PgClient, ledger: LedgerSeal) {
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
      case 'change':
        return storeChangePg(client, ledger, effect.change);
      case 'savepoint':
        await client.query(effect.step === 'begin' ? 'SAVEPOINT fvm_row' : effect.step === 'release' ? 'RELEASE SAVEPOINT fvm_row' : 'ROLLBACK TO SAVEPOINT fvm_row; RELEASE SAVEPOINT fvm_row');
        return undefined;
    }
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
    const result = await runAsync(io(), answerer(client, ledger));
    await storeHead(client, 'changes', ledger.sealedRow());
    return result;
  });
}

/** Applies one batch (see batchWrite) on PostgreSQL. */
export async function applyBatchPg(
  pool: PgPool,
  keys: LogKeys,
  spec: EntityWriteSpec<any>,
  op: BatchOperation,
  items: readonly BatchItem[],
  env: WriteEnv,
  options: BatchOptions = {},
): Promise<BatchResult> {
  const outcomes: (RowOutcome | undefined)[] = Array.from({ length: items.length }, () => undefined);
  try {
    await writeOnPostgres(pool, keys, env.now, () => batchWrite(spec, op, items, env, options, outcomes));
    return batchResult(outcomes, true);
  } catch (error) {
    if (!(error instanceof RollbackBatch)) throw error;
    return batchResult(outcomes, false);
  }
}
