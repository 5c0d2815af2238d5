import { catchUpTo, digestVerdict, DIGEST_SQL, POSTGRES_DIGEST, type DigestScope, type DigestVerdict } from '../../userLogs/digest';
import { holdUserLog, inTransaction, lock, LOCKS, type PgClient, type PgPool } from '../pool';

// The review digest on PostgreSQL: the statements SQLite runs (userLogs/digest.ts), in PostgreSQL's
// dialect. What SQLite's single writer gives, the digest's advisory lock gives here: one catch-up,
// rebuild or removal at a time, so no entry is counted twice. Appends to different lanes commit in
// any order, so an id below the newest committed one may still be on its way: a catch-up first
// holds appends off (holdUserLog), and then every id up to the newest is committed or gone, and
// the watermark never passes an entry still to come.

const lastCounted = async (client: PgClient) => Number((await client.query(DIGEST_SQL.lastCounted)).rows[0]?.last_entry_id ?? 0);

/** Catches the digest up inside `client`'s transaction, taking the digest's lock; answers how many entries it counted. */
export async function catchUpDigestOn(client: PgClient, options: { limit?: number } = {}): Promise<number> {
  await holdUserLog(client);
  await lock(client, LOCKS.digest);
  const from = await lastCounted(client);
  const to = catchUpTo(from, Number((await client.query(DIGEST_SQL.newest)).rows[0].max ?? 0), options.limit);
  if (to === null) return 0;
  for (const statement of DIGEST_SQL.catchUp(from, to, POSTGRES_DIGEST)) await client.query(statement);
  return to - from;
}

export const catchUpDigestPg = (pool: PgPool, options: { limit?: number } = {}) => inTransaction(pool, (client) => catchUpDigestOn(client, options));

/** Recomputes the digest, wholly or for one owner's whole months, inside `client`'s transaction (a purge's). */
export async function rebuildDigestOn(client: PgClient, scope?: DigestScope): Promise<void> {
  // Counted up to the newest entry first: a rebuilt month must not be counted again later.
  await catchUpDigestOn(client);
  for (const statement of DIGEST_SQL.rebuild(scope, POSTGRES_DIGEST)) await client.query(statement);
}

/**
 * After a purge, inside its transaction: the months it touched recomputed, when the digest counts
 * anything. A digest that never counted (split mode keeps none) is empty and stays true as it is.
 */
export async function rebuildPurgedDigestOn(client: PgClient, scope: DigestScope): Promise<void> {
  await lock(client, LOCKS.digest);
  if ((await lastCounted(client)) > 0) await rebuildDigestOn(client, scope);
}

export const rebuildDigestPg = (pool: PgPool) => inTransaction(pool, (client) => rebuildDigestOn(client));

/** Forgets the digest of demo entries inside the removal's transaction. */
export async function removeDemoDigestOn(client: PgClient): Promise<void> {
  await lock(client, LOCKS.digest);
  for (const statement of DIGEST_SQL.removeDemo(POSTGRES_DIGEST)) await client.query(statement);
}

/** Compares the digest with the entries it counts so far, from one snapshot. */
export async function verifyDigestPg(pool: PgPool): Promise<DigestVerdict> {
  return inTransaction(
    pool,
    async (client) => {
      const statements = DIGEST_SQL.verify(await lastCounted(client), POSTGRES_DIGEST);
      const differ = async (sql: string) => Number(Object.values((await client.query(sql)).rows[0])[0]);
      return digestVerdict({
        userDays: await differ(statements.userDays),
        patientUnits: await differ(statements.patientUnits),
        actionDays: await differ(statements.actionDays),
      });
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}
