import type { LedgerSeal } from '../proof/ledger';
import type { LogKeys } from '../userLogs/keys';
import { prepareBatch, type BatchArgs } from '../writes/batch';
import { codecFor } from '../writes/codec';
import { ConstraintError, runAsync, type ChangeRecord, type Effect, type Io } from '../writes/effects';
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
  if (e.code === '23505') return new ConstraintError('unique', (/^Key \(([^)]*)\)=/.exec(e.detail ?? '')?.[1] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, '')), e.message ?? '');
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
      case 'change':
        return changes.add(effect.change);
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
