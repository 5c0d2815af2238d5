import type { Sqlite } from '../client';
import { noteWrite } from '../generation';
import { LedgerWriter } from '../proof/ledger';
import { prepared } from '../statements';
import type { LogKeys } from '../userLogs/keys';
import { prepareBatch, type BatchArgs } from './batch';
import { codecFor } from './codec';
import { ConstraintError, runSync, type ChangeRecord, type Effect, type Io } from './effects';
import { changeColumns, CHANGE_INSERT } from './history';
import { countStatement, deleteStatement, insertStatement, selectStatement, updateStatement } from './sql';
import type { BatchResult } from './types';

/** Stores a change record and links it into the chain, inside the caller's transaction. */
export function storeChange(sqlite: Sqlite, ledger: LedgerWriter, change: ChangeRecord): void {
  const columns = changeColumns(change);
  const { hash, keyId } = ledger.link(columns);
  const info = prepared(sqlite, CHANGE_INSERT).run(...Object.values(columns), hash, keyId);
  ledger.appendedRecord(Number(info.lastInsertRowid), hash);
}

/** SQLite's report of a refused key or reference, in the engine-neutral form. */
function constraintOf(error: unknown): unknown {
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const columns = (e.message ?? '')
      .replace(/^UNIQUE constraint failed: /, '')
      .split(',')
      .map((c) => c.trim().split('.').pop()!);
    return new ConstraintError('unique', columns, e.message ?? '');
  }
  if (e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ConstraintError('foreign_key', [], e.message ?? '');
  return error;
}

/** Answers the write path's effects on one SQLite connection, synchronously. */
function answerer(sqlite: Sqlite, ledger: () => LedgerWriter) {
  return (effect: Effect): unknown => {
    switch (effect.kind) {
      case 'select': {
        const codec = codecFor(effect.table);
        const s = selectStatement(codec, effect.where);
        return (prepared(sqlite, s.text).all(...s.params) as Record<string, unknown>[]).map((raw) => codec.decode(raw));
      }
      case 'count': {
        const s = countStatement(codecFor(effect.table), effect.where);
        return prepared(sqlite, s.text)
          .pluck()
          .get(...s.params) as number;
      }
      case 'insert': {
        const codec = codecFor(effect.table);
        const s = insertStatement(codec, effect.values);
        try {
          return codec.decode(prepared(sqlite, s.text).get(...s.params) as Record<string, unknown>);
        } catch (error) {
          throw constraintOf(error);
        }
      }
      case 'update':
      case 'delete': {
        const codec = codecFor(effect.table);
        const s =
          effect.kind === 'update' ? updateStatement(codec, effect.where, effect.set, effect.owned) : deleteStatement(codec, effect.where, effect.owned);
        try {
          return prepared(sqlite, s.text).run(...s.params).changes;
        } catch (error) {
          throw constraintOf(error);
        }
      }
      case 'updateRows': {
        const codec = codecFor(effect.table);
        const answers: (number | ConstraintError)[] = [];
        for (const row of effect.rows) {
          const s = updateStatement(codec, row.where, row.set, effect.owned);
          try {
            answers.push(prepared(sqlite, s.text).run(...s.params).changes);
          } catch (error) {
            const refused = constraintOf(error);
            if (!(refused instanceof ConstraintError)) throw refused;
            answers.push(refused);
            break;
          }
        }
        return answers;
      }
      case 'change':
        return storeChange(sqlite, ledger(), effect.change);
      case 'savepoint':
        return void sqlite.exec(
          effect.step === 'begin' ? 'SAVEPOINT fvm_row' : effect.step === 'release' ? 'RELEASE fvm_row' : 'ROLLBACK TO fvm_row; RELEASE fvm_row',
        );
    }
  };
}

/**
 * Runs a write in one IMMEDIATE transaction (the single writer's lock from the start), with the
 * change history's ledger opened on first use and sealed before commit.
 */
export function writeOnSqlite<T>(sqlite: Sqlite, keys: LogKeys, now: string, io: () => Io<T>): T {
  let ledger: LedgerWriter | null = null;
  const run = sqlite.transaction(() => {
    const result = runSync(
      io(),
      answerer(sqlite, () => (ledger ??= new LedgerWriter(sqlite, keys, 'changes', now))),
    );
    ledger?.seal();
    return result;
  });
  const result = run.immediate();
  noteWrite(sqlite);
  return result;
}

/** Runs a piece of the write path that only reads (a spec's facts, for a check), in one snapshot. */
export function readOnSqlite<T>(sqlite: Sqlite, io: Io<T>): T {
  const answer = answerer(sqlite, () => {
    throw new Error('a read-only run cannot record changes');
  });
  return sqlite.transaction(() => runSync(io, (effect) => (effect.kind === 'select' || effect.kind === 'count' ? answer(effect) : fail(effect))))();
}

function fail(effect: Effect): never {
  throw new Error(`a read-only run cannot ${effect.kind}`);
}

/** Applies one batch (see batchWrite) on SQLite. */
export function applyBatch(sqlite: Sqlite, keys: LogKeys, ...args: BatchArgs): BatchResult {
  const batch = prepareBatch(...args);
  try {
    writeOnSqlite(sqlite, keys, batch.now, batch.io);
    return batch.committed();
  } catch (error) {
    return batch.rolledBack(error);
  }
}
