import pg from 'pg';

// node-postgres answers bigint (int8) columns as strings, since they may pass 2^53. The registry's
// bigints are ids, counts and millisecond times, all far below it: numbers, as on SQLite.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** A pool of connections to one PostgreSQL database. */
export function openPgPool(url: string, options: { max?: number } = {}): PgPool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle connection the server drops (restart, failover) must not take the process down.
  pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  return pool;
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when
 * it throws. READ COMMITTED unless told otherwise; writers that must not interleave take an
 * advisory lock inside (see LOCKS).
 */
export async function inTransaction<T>(
  pool: PgPool,
  work: (client: PgClient) => Promise<T>,
  options: { isolation?: 'read committed' | 'repeatable read' | 'serializable'; readOnly?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${(options.isolation ?? 'read committed').toUpperCase()}${options.readOnly ? ' READ ONLY' : ''}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Advisory locks (pg_advisory_xact_lock keys). What SQLite's single writer gives for free is taken
 * here explicitly: appends to the user log's chains, and each ledger, are linked one transaction
 * after another, across every server process on the database.
 */
export const LOCKS = {
  /** The user log's sealed head (which chains exist, findings, rotations): taken to create chains or change the head. */
  userLogChains: 0x66766d01,
  changes: 0x66766d02,
  userLogReads: 0x66766d03,
  migrations: 0x66766d04,
  /** The log review's digest and its watermark: taken after userLogAppends where both are. */
  digest: 0x66766d05,
  /**
   * Appends hold it shared, each then locking only its own lanes; the log's upkeep (checkpoints,
   * purge, demo removal, resealing, a review's selection) holds it exclusive: no append is between.
   */
  userLogAppends: 0x66766d06,
  /** With a chain's id as second key: the lane one append at a time extends. */
  userLogLane: 0x66766d07,
} as const;

/** Holds the user log still for its upkeep: waits for appends under way, and keeps new ones out, until commit. */
export async function holdUserLog(client: PgClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.userLogAppends]);
}

export async function lock(client: PgClient, key: number): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [key]);
}

/** `?` placeholders (as the SQLite statements are written) numbered for PostgreSQL ($1, $2, …). */
export function numbered(sql: string, from = 1): string {
  let n = from - 1;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The channel on which every commit that changes what queries return is announced (NOTIFY). */
export const WRITES_CHANNEL = 'fvm_writes';

/** A connection of its own that LISTENs for announced writes, from any process. */
export async function listenForWrites(url: string, heard: () => void): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types });
  client.on('notification', heard);
  client.on('error', (error) => console.warn(`PostgreSQL listener lost: ${error.message}`));
  await client.connect();
  await client.query(`LISTEN ${WRITES_CHANNEL}`);
  return client;
}
