import { checkHeadRow, headWarning, type HeadRow, type SealedHead, type SealedState } from '../../proof/heads';
import { LedgerSeal, LedgerWalk, type LedgerName, type LedgerState, type LedgerVerdict } from '../../proof/ledger';
import { CHAIN_COLUMNS, type ChainsState } from '../../userLogs/chain';
import { LIST_CHECKPOINTS, storedCheckpoint, type StoredCheckpoint } from '../../userLogs/checkpoints';
import type { LogKeys } from '../../userLogs/keys';
import { ChainWalk, type VerifyResult } from '../../userLogs/verify';
import type { UserLogRead } from '../../stores/types';
import { inTransaction, lock, LOCKS, type PgClient, type PgPool } from '../pool';
import { chainRow, entryRow, headRow } from './rows';

const LEDGER_LOCK: Record<LedgerName, number> = { changes: LOCKS.changes, user_log_reads: LOCKS.userLogReads };

/** Rows walked per query: a verification of millions reads them a slice at a time. */
const SLICE = 5_000;

/**
 * Records a read of the user log, linked into the chain of reads, before its answer leaves: one
 * transaction, the ledger's advisory lock held so that concurrent readers link one after another.
 * Two round trips in all (see linkRead): a read of the log waits for this record on every request.
 */
export async function recordReadPg(pool: PgPool, keys: LogKeys, read: UserLogRead): Promise<void> {
  const client = await pool.connect();
  try {
    // A read record needs no wait for the disk (as on SQLite): a power cut in the next moments is all that could lose it.
    await linkRead(client, keys, read, { begin: 'BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = off', commit: true });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Links a read into the chain of reads inside `client`'s transaction (a review run's), holding the ledger's lock to commit. */
export async function recordReadOn(client: PgClient, keys: LogKeys, read: UserLogRead): Promise<void> {
  await linkRead(client, keys, read, {});
}

/**
 * Under the reads' lock, in one round trip: the sealed head, the last record, and the id the new
 * record takes (taken from the table's own sequence under the lock, so ids still rise in chain
 * order). READ COMMITTED gives each statement its own snapshot: the reads after the lock see every
 * record committed before it was granted.
 */
const OPEN_READS = [
  `SELECT pg_advisory_xact_lock(${LOCKS.userLogReads})`,
  `SELECT state, key_id, seal FROM proof_heads WHERE name = 'user_log_reads'`,
  'SELECT id, hash FROM user_log_reads ORDER BY id DESC LIMIT 1',
  `SELECT nextval(pg_get_serial_sequence('user_log_reads', 'id')) AS id`,
].join('; ');

/**
 * The same steps as openLedger + INSERT + storeHead, in two round trips instead of six: the head,
 * the tail and the next id are read in one (OPEN_READS), then the record and its renewed sealed
 * head are written in one, with the COMMIT when `commit`. The second carries its values as
 * literals (a string of several statements takes no parameters), each one typed and escaped here.
 */
async function linkRead(client: PgClient, keys: LogKeys, read: UserLogRead, options: { begin?: string; commit?: boolean }): Promise<void> {
  const columns = {
    at: read.at,
    token_id: read.tokenId,
    organisation_id: read.organisationId,
    role: read.role,
    purpose: read.purpose,
    filter: JSON.stringify(read.filter ?? null),
    entry_count: read.entryCount,
  };
  // A string of several statements answers with one result each; the last three are OPEN_READS's reads.
  const results = (await client.query(options.begin ? `${options.begin}; ${OPEN_READS}` : OPEN_READS)) as unknown as { rows: unknown[] }[];
  const [head, tail, next] = results.slice(-3).map((r) => r.rows[0]) as [
    HeadRow | undefined,
    { id: number; hash: Buffer } | undefined,
    { id: number } | undefined,
  ];
  const ledger = new LedgerSeal(
    keys,
    'user_log_reads',
    read.at,
    checkHeadRow<LedgerState>(keys, 'user_log_reads', head),
    tail ? { id: Number(tail.id), hash: tail.hash } : undefined,
  );
  if (ledger.needsRecount) ledger.recount(Number((await client.query('SELECT count(*) AS n FROM user_log_reads')).rows[0].n));
  const { hash, keyId } = ledger.link(columns);
  const id = Number(next!.id);
  ledger.appendedRecord(id, hash);
  const sealed = ledger.sealedRow()!;
  const sql = (value: unknown) => literal(client, value);
  await client.query(
    [
      `INSERT INTO user_log_reads (id, at, token_id, organisation_id, role, purpose, filter, entry_count, hash, key_id) VALUES (${[id, ...Object.values(columns), hash, keyId].map(sql).join(', ')})`,
      `INSERT INTO proof_heads (name, state, key_id, seal) VALUES ('user_log_reads', ${sql(sealed.state)}, ${sql(sealed.key_id)}, ${sql(sealed.seal)}) ON CONFLICT (name) DO UPDATE SET state = excluded.state, key_id = excluded.key_id, seal = excluded.seal`,
      ...(options.commit ? ['COMMIT'] : []),
    ].join('; '),
  );
}

/** A value as an SQL literal: integers, text (escaped by the driver), bytes, or NULL; anything else is refused. */
function literal(client: PgClient, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string') return client.escapeLiteral(value);
  if (Buffer.isBuffer(value)) return `decode('${value.toString('hex')}', 'hex')`;
  throw new TypeError(`a read record cannot carry ${typeof value} ${String(value)}`);
}

/** Opens a ledger for appending inside `client`'s transaction, holding its lock until commit. */
export async function openLedger(client: PgClient, keys: LogKeys, name: LedgerName, now: string): Promise<LedgerSeal> {
  await lock(client, LEDGER_LOCK[name]);
  const head = checkHeadRow<LedgerState>(keys, name, await headRow(client, name));
  const { rows } = await client.query(`SELECT id, hash FROM "${name}" ORDER BY id DESC LIMIT 1`);
  const ledger = new LedgerSeal(keys, name, now, head, rows[0] ? { id: Number(rows[0].id), hash: rows[0].hash } : undefined);
  if (ledger.needsRecount) ledger.recount(Number((await client.query(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n));
  return ledger;
}

// JSON columns come back as text, exactly as written: the links cover the text, not its meaning.
const LEDGER_SELECT: Record<LedgerName, string> = {
  changes:
    'SELECT id, at, actor_org_id, actor_token_id, actor_role, entity, entity_id, operation, before::text AS before, after::text AS after, owner_org_id, is_demo::int AS is_demo, hash, key_id FROM changes',
  user_log_reads: 'SELECT id, at, token_id, organisation_id, role, purpose, filter::text AS filter, entry_count, hash, key_id FROM user_log_reads',
};

/** Walks a ledger from its start against its sealed head, a slice at a time, from one snapshot. */
export async function verifyLedgerPg(pool: PgPool, keys: LogKeys, name: LedgerName): Promise<LedgerVerdict> {
  return inTransaction(
    pool,
    async (client) => {
      const lastId = Number((await client.query(`SELECT coalesce(max(id), 0) AS n FROM "${name}"`)).rows[0].n);
      const head: SealedHead<LedgerState> = checkHeadRow<LedgerState>(keys, name, await headRow(client, name));
      const walk = new LedgerWalk(keys, name, 100, { lastId, head });
      for (let after = 0; ;) {
        const { rows } = await client.query(`${LEDGER_SELECT[name]} WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`, [after, lastId, SLICE]);
        for (const row of rows) walk.record(row);
        if (rows.length < SLICE) break;
        after = Number(rows.at(-1).id);
      }
      return walk.result();
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

/** Recomputes every chain of entries from one snapshot, as verifyUserLogChains does on SQLite. */
export async function verifyChainsPg(pool: PgPool, keys: LogKeys): Promise<VerifyResult> {
  return inTransaction(
    pool,
    async (client) => {
      const chains = (await client.query(`SELECT ${CHAIN_COLUMNS} FROM user_log_chains ORDER BY id`)).rows.map(chainRow);
      const lastId = Number((await client.query('SELECT coalesce(max(id), 0) AS n FROM user_log_entries')).rows[0].n);
      const checkpoints = await listCheckpointsOn(client);
      const head = checkHeadRow<ChainsState>(keys, 'user_log_chains', await headRow(client, 'user_log_chains'));
      const walk = new ChainWalk(keys, { chains, lastId, checkpoints, head });
      for (let after = 0; ;) {
        const { rows } = await client.query('SELECT * FROM user_log_entries WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3', [after, lastId, SLICE]);
        for (const row of rows) walk.entry(entryRow(row) as unknown as Record<string, unknown>);
        if (rows.length < SLICE) break;
        after = Number(rows.at(-1).id);
      }
      return walk.result();
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

async function listCheckpointsOn(client: PgClient | PgPool): Promise<StoredCheckpoint[]> {
  return (await client.query(LIST_CHECKPOINTS)).rows.map(storedCheckpoint);
}

export const listCheckpointsPg = (pool: PgPool) => listCheckpointsOn(pool);

/** A quick look at the log's two sealed heads (nothing is walked), for the warning at start. */
export async function headWarningsPg(pool: PgPool, keys: LogKeys): Promise<string[]> {
  const client = await pool.connect();
  try {
    const out: string[] = [];
    for (const name of ['user_log_chains', 'user_log_reads'] as const) {
      const hasRecords = (await client.query(`SELECT EXISTS (SELECT 1 FROM "${name}") AS x`)).rows[0].x === true;
      const warning = headWarning(name, checkHeadRow<SealedState>(keys, name, await headRow(client, name)), hasRecords);
      if (warning) out.push(warning);
    }
    return out;
  } finally {
    client.release();
  }
}
