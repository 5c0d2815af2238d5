import { checkHeadRow, type HeadRow } from '../../proof/heads';
import { LedgerSeal, type LedgerState } from '../../proof/ledger';
import { CHAIN_COLUMNS, ChainsSeal, GENESIS, type ChainRow, type ChainsState } from '../../userLogs/chain';
import {
  checkpointValues,
  CheckpointWalk,
  INSERT_CHECKPOINT,
  laneCheckpoints,
  LIST_CHECKPOINTS,
  signCheckpoint,
  storedCheckpoint,
  type Checkpoint,
} from '../../userLogs/checkpoints';
import type { LogKeys } from '../../userLogs/keys';
import { purgePlansOf, type PurgePlan, type PurgeRule } from '../../userLogs/purge';
import { holdUserLog, inTransaction, lock, LOCKS, numbered, type PgClient, type PgPool } from '../pool';
import { purgedDigestScope } from '../../userLogs/digest';
import { rebuildPurgedDigestOn, removeDemoDigestOn } from './digest';
import { chainRow, entryRow, headRow, storeChainSeals, storeHead } from './rows';

const chainOf = (rows: ChainRow[], id: number) => rows.find((c) => c.id === id)!;

// The user log's upkeep on PostgreSQL: checkpoints, purge, demo removal, key rotation, and checking
// an exported checkpoint. Each runs in one transaction under the chains' advisory lock, as the
// SQLite versions run under its write lock, with the same seals and the same answers.

/** The chains' seals and rows, read with every append held off, every chain checked against its seals. */
async function sealedChains(client: PgClient, keys: LogKeys, now: Date): Promise<{ seal: ChainsSeal; rows: ChainRow[] }> {
  await holdUserLog(client);
  await lock(client, LOCKS.userLogChains);
  const head = checkHeadRow<ChainsState>(keys, 'user_log_chains', await headRow(client, 'user_log_chains'));
  const rows = (await client.query(`SELECT ${CHAIN_COLUMNS} FROM user_log_chains ORDER BY id`)).rows.map(chainRow);
  const seal = new ChainsSeal(keys, now.toISOString(), head, () => rows.length);
  seal.checkRows(rows);
  return { seal, rows };
}

/** The sealed head, if it changed, and the seals of the chains that changed. */
async function storeSeals(client: PgClient, seal: ChainsSeal): Promise<void> {
  await storeHead(client, 'user_log_chains', seal.sealedRow());
  await storeChainSeals(client, seal.sealedChainRows());
}

async function insertCheckpoint(client: PgClient, keys: LogKeys, seal: ChainsSeal, unsigned: Omit<Checkpoint, 'signature'>): Promise<Checkpoint> {
  const checkpoint = signCheckpoint(keys, unsigned);
  await client.query(numbered(INSERT_CHECKPOINT), checkpointValues(checkpoint));
  seal.checkpointAdded(checkpoint.chainId);
  return checkpoint;
}

async function checkpointAll(client: PgClient, keys: LogKeys, seal: ChainsSeal, rows: ChainRow[], kind: string, now: Date): Promise<Checkpoint[]> {
  const made: Checkpoint[] = [];
  for (const unsigned of laneCheckpoints(rows, kind, now)) made.push(await insertCheckpoint(client, keys, seal, unsigned));
  return made;
}

/** Signs a checkpoint of every owner's lanes that have entries, each chain checked against its seals first. */
export async function recordCheckpointsPg(pool: PgPool, keys: LogKeys, kind: string, now = new Date()): Promise<Checkpoint[]> {
  return inTransaction(pool, async (client) => {
    const { seal, rows } = await sealedChains(client, keys, now);
    const made = await checkpointAll(client, keys, seal, rows, kind, now);
    await storeSeals(client, seal);
    return made;
  });
}

/**
 * Which entries may go: per chain a rule governs, its prefix (in id order) of entries older than
 * the cutoff, up to the first entry that is not. Found by two index reads per chain, not a walk.
 */
async function planOn(client: PgClient, rules: readonly PurgeRule[], chains: ChainRow[], today: string): Promise<PurgePlan[]> {
  const plans = purgePlansOf(rules, chains, today);
  for (const plan of plans.values()) {
    const chain = chains.find((c) => c.id === plan.chainId)!;
    const { rows } = await client.query(
      `SELECT count(*) AS n, max(id) AS last FROM user_log_entries
       WHERE chain_id = $1 AND data_owner_id = $3 AND is_demo = $4 AND occurred_at < $2
         AND id < coalesce((SELECT min(id) FROM user_log_entries WHERE chain_id = $1 AND data_owner_id = $3 AND is_demo = $4 AND occurred_at >= $2), 9007199254740991)`,
      [plan.chainId, plan.cutoffMs, chain.data_owner_id, chain.is_demo === 1],
    );
    plan.entries = Number(rows[0].n);
    plan.lastEntryId = rows[0].last === null ? null : Number(rows[0].last);
  }
  return [...plans.values()].filter((p) => p.entries > 0);
}

export async function planPurgePg(pool: PgPool, rules: readonly PurgeRule[], today: string): Promise<PurgePlan[]> {
  const chains = (await pool.query(`SELECT ${CHAIN_COLUMNS} FROM user_log_chains ORDER BY id`)).rows.map(chainRow);
  const client = await pool.connect();
  try {
    return await planOn(client, rules, chains, today);
  } finally {
    client.release();
  }
}

/**
 * Purges what the plan allows, as purgeUserLogs does on SQLite: a signed checkpoint of every chain
 * first, then each chain's prefix deleted (through the purge gate) and the chain re-anchored on the
 * hash of its last purged entry, with a signed purge checkpoint. Monthly partitions left empty
 * before the cutoffs are dropped afterwards: what a purge frees goes back to the system whole.
 */
export async function purgePg(
  pool: PgPool,
  keys: LogKeys,
  rules: readonly PurgeRule[],
  today: string,
  now = new Date(),
): Promise<{ plans: PurgePlan[]; checkpoints: Checkpoint[] }> {
  const result = await inTransaction(pool, async (client) => {
    const { seal, rows } = await sealedChains(client, keys, now);
    const plans = await planOn(client, rules, rows, today);
    if (plans.length === 0) return { plans, checkpoints: [] };
    const checkpoints = await checkpointAll(client, keys, seal, rows, 'before_purge', now);
    await client.query('UPDATE user_log_purge_gate SET open = 1 WHERE id = 1');
    for (const plan of plans) {
      const anchor = (await client.query('SELECT hash FROM user_log_entries WHERE id = $1 AND occurred_at < $2', [plan.lastEntryId, plan.cutoffMs])).rows[0]
        .hash as Buffer;
      const gone = (
        await client.query('DELETE FROM user_log_entries WHERE chain_id = $1 AND id <= $2 AND occurred_at < $3 RETURNING id, occurred_at', [
          plan.chainId,
          plan.lastEntryId,
          plan.cutoffMs,
        ])
      ).rows;
      const removed = gone.map((r) => Number(r.id));
      // The digest of the months the purged entries were in, recomputed from what remains (as on SQLite).
      if (gone.length) {
        const at = gone.reduce((span, r) => ({ first: Math.min(span.first, Number(r.occurred_at)), last: Math.max(span.last, Number(r.occurred_at)) }), {
          first: Infinity,
          last: -Infinity,
        });
        await rebuildPurgedDigestOn(client, purgedDigestScope(plan.dataOwnerId, chainOf(rows, plan.chainId).is_demo === 1, at.first, at.last));
      }
      // Their source ids are free again, as in SQLite.
      await client.query('DELETE FROM user_log_entry_keys WHERE entry_id = ANY($1::bigint[])', [removed]);
      if (removed.length !== plan.entries) throw new Error(`purge of chain ${plan.chainId}: planned ${plan.entries} entries, found ${removed.length}`);
      const chain = chainRow(
        (
          await client.query(`UPDATE user_log_chains SET anchor_hash = $1, purged_count = purged_count + $2 WHERE id = $3 RETURNING ${CHAIN_COLUMNS}`, [
            anchor,
            removed.length,
            plan.chainId,
          ])
        ).rows[0],
      );
      // The purge checkpoint: the chain now starts after entry lastEntryId, from this anchor.
      seal.resealRow(chain, seal.checkpointsOf(plan.chainId));
      await insertCheckpoint(client, keys, seal, {
        chainId: plan.chainId,
        dataOwnerId: plan.dataOwnerId,
        isDemo: chain.is_demo === 1,
        kind: 'purge',
        createdAt: now.toISOString(),
        entryCount: chain.purged_count,
        lastEntryId: plan.lastEntryId!,
        headHash: anchor.toString('hex'),
      });
    }
    await client.query('UPDATE user_log_purge_gate SET open = 0 WHERE id = 1');
    await storeSeals(client, seal);
    return { plans, checkpoints };
  });
  if (result.plans.length) await dropEmptyMonths(pool, Math.min(...result.plans.map((p) => p.cutoffMs)));
  return result;
}

/** Drops the monthly partitions that end before `beforeMs` and hold nothing (any more). */
async function dropEmptyMonths(pool: PgPool, beforeMs: number): Promise<void> {
  const { rows } = await pool.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'user_log_entries' AND c.relname ~ '^user_log_entries_y[0-9]{4}m[0-9]{2}$'`,
  );
  for (const { name } of rows as { name: string }[]) {
    const [, year, month] = name.match(/y(\d{4})m(\d{2})$/)!;
    const end = Date.UTC(Number(year), Number(month), 1);
    if (end > beforeMs) continue;
    await inTransaction(pool, async (client) => {
      await holdUserLog(client);
      if ((await client.query(`SELECT EXISTS (SELECT 1 FROM "${name}") AS x`)).rows[0].x) return;
      await client.query(`ALTER TABLE user_log_entries DETACH PARTITION "${name}"`);
      await client.query(`DROP TABLE "${name}"`);
    });
  }
}

/** Takes the demo entries away, with their chains' checkpoints; real chains are untouched. */
export async function removeDemoLogsPg(pool: PgPool, keys: LogKeys, now = new Date()): Promise<{ removed: number }> {
  return inTransaction(pool, async (client) => {
    const { seal, rows } = await sealedChains(client, keys, now);
    await client.query('UPDATE user_log_purge_gate SET open = 1 WHERE id = 1');
    const removed = (await client.query('DELETE FROM user_log_entries WHERE is_demo')).rowCount ?? 0;
    await removeDemoDigestOn(client);
    await client.query('DELETE FROM user_log_entry_keys WHERE is_demo');
    await client.query('UPDATE user_log_purge_gate SET open = 0 WHERE id = 1');
    await client.query('DELETE FROM user_log_checkpoints WHERE chain_id IN (SELECT id FROM user_log_chains WHERE is_demo)');
    const reset = (
      await client.query(
        `UPDATE user_log_chains SET anchor_hash = $1, head_entry_id = NULL, head_hash = $1, entry_count = 0, purged_count = 0 WHERE is_demo RETURNING ${CHAIN_COLUMNS}`,
        [GENESIS],
      )
    ).rows.map(chainRow);
    for (const c of reset) seal.resealRow(c, 0);
    if (rows.length) await storeSeals(client, seal);
    return { removed };
  });
}

export async function headKeyIdPg(pool: PgPool, keys: LogKeys): Promise<number | null> {
  const client = await pool.connect();
  try {
    return checkHeadRow<ChainsState>(keys, 'user_log_chains', await headRow(client, 'user_log_chains')).keyId;
  } finally {
    client.release();
  }
}

/** Seals the log's heads again under the newest chain key, each checked under its old key first. */
export async function resealHeadsPg(pool: PgPool, keys: LogKeys, now = new Date()): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { seal } = await sealedChains(client, keys, now);
    await storeSeals(client, seal);
    await lock(client, LOCKS.userLogReads);
    const head = checkHeadRow<LedgerState>(keys, 'user_log_reads', await headRow(client, 'user_log_reads'));
    const { rows } = await client.query('SELECT id, hash FROM user_log_reads ORDER BY id DESC LIMIT 1');
    const reads = new LedgerSeal(keys, 'user_log_reads', now.toISOString(), head, rows[0] ? { id: Number(rows[0].id), hash: rows[0].hash } : undefined);
    if (reads.needsRecount) reads.recount(Number((await client.query('SELECT count(*) AS n FROM user_log_reads')).rows[0].n));
    const row: HeadRow | null = reads.sealedRow();
    await storeHead(client, 'user_log_reads', row);
  });
}

/** Checks the stored entries against a checkpoint someone kept, as verifyAgainstCheckpoint does on SQLite. */
export async function verifyAgainstCheckpointPg(pool: PgPool, keys: LogKeys, checkpoint: Checkpoint): Promise<{ ok: boolean; reason: string }> {
  const walk = CheckpointWalk.start(
    keys,
    checkpoint,
    (await pool.query('SELECT anchor_hash FROM user_log_chains WHERE id = $1', [checkpoint.chainId])).rows[0],
  );
  if ('ok' in walk) return walk;
  for (let after = 0; ;) {
    const { rows } = await pool.query('SELECT * FROM user_log_entries WHERE chain_id = $1 AND id > $2 AND id <= $3 ORDER BY id LIMIT 5000', [
      checkpoint.chainId,
      after,
      checkpoint.lastEntryId,
    ]);
    for (const r of rows) {
      const broken = walk.entry(entryRow(r) as unknown as Record<string, unknown>);
      if (broken) return broken;
    }
    if (rows.length < 5000) break;
    after = Number(rows.at(-1).id);
  }
  return walk.verdict((await pool.query(LIST_CHECKPOINTS)).rows.map(storedCheckpoint));
}
