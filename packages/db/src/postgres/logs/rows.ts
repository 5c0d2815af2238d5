import type { HeadRow } from '../../proof/heads';
import type { ChainRow, ChainRowSeal } from '../../userLogs/chain';
import type { UserLogRow } from '../../userLogs/read';
import type { PgClient } from '../pool';

// Rows as PostgreSQL answers them, in the shapes the engine-neutral code (chain seals, walks,
// content of a row) reads: PostgreSQL's booleans become SQLite's 0 and 1 at this one border.

type PgRow = Record<string, unknown>;

export function entryRow(r: PgRow): UserLogRow {
  return { ...(r as unknown as UserLogRow), is_demo: r.is_demo === true ? 1 : 0 };
}

export function chainRow(r: PgRow): ChainRow {
  return { ...(r as unknown as ChainRow), is_demo: r.is_demo === true ? 1 : 0 };
}

export async function headRow(client: PgClient, name: string): Promise<HeadRow | undefined> {
  const { rows } = await client.query<HeadRow>('SELECT state, key_id, seal FROM proof_heads WHERE name = $1', [name]);
  return rows[0];
}

export async function storeHead(client: PgClient, name: string, row: HeadRow | null): Promise<void> {
  if (!row) return;
  await client.query(
    'INSERT INTO proof_heads (name, state, key_id, seal) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET state = excluded.state, key_id = excluded.key_id, seal = excluded.seal',
    [name, row.state, row.key_id, row.seal],
  );
}

/** Stores chains' row seals, all in one statement. */
export async function storeChainSeals(client: PgClient, seals: readonly ChainRowSeal[]): Promise<void> {
  if (seals.length === 0) return;
  await client.query(
    `UPDATE user_log_chains c SET seal_state = u.state, seal_key_id = u.key_id, seal = u.seal
     FROM unnest($1::int[], $2::text[], $3::int[], $4::bytea[]) AS u(id, state, key_id, seal) WHERE c.id = u.id`,
    [seals.map((r) => r.id), seals.map((r) => r.seal_state), seals.map((r) => r.seal_key_id), seals.map((r) => r.seal)],
  );
}
