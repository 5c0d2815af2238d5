import { CHAIN_COLUMNS, GENESIS, type ChainRow } from '../../userLogs/chain';
import { lock, LOCKS, type PgClient } from '../pool';
import { chainRow } from './rows';

interface Lane {
  id: number;
  lane: number;
  /** Entries in the lane when this process last looked: which lane to try first, nothing more. */
  entries: number;
}

/**
 * The lanes of each data owner, as one server process knows them. An owner's lanes are made once
 * (all of them on its first entry) and never deleted, so a process may remember their chain ids:
 * an append then finds and locks its lanes by chain id alone, which is what keeps it on the lanes'
 * own node when the log is distributed (see the README, "Beyond one node"). A lane found gone is
 * forgotten and looked up again.
 */
export class LaneDirectory {
  private readonly known = new Map<string, Lane[]>();

  /** `lanes`: how many lanes each owner writes into (FVM_LOG_LANES). */
  constructor(readonly lanes: number) {
    if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`An owner needs at least one lane; got ${lanes}.`);
  }

  /**
   * One lane of each owner, locked to commit, for an append: the least filled lane no other append
   * holds, or, when every lane of an owner is held, the least filled one, waited for. Lanes an
   * owner lacks are created first (then `created` holds them, to be entered into the sealed head).
   */
  async take(client: PgClient, owners: readonly number[], isDemo: boolean): Promise<{ chosen: number[]; created: ChainRow[] }> {
    const missing = owners.filter((o) => !this.known.has(key(o, isDemo)));
    let created: ChainRow[] = [];
    if (missing.length) {
      created = await createLanes(client, missing, isDemo, this.lanes);
      const { rows } = await client.query(
        'SELECT id, data_owner_id AS owner, lane, entry_count AS entries FROM user_log_chains WHERE is_demo = $1 AND data_owner_id = ANY($2::int[]) AND lane < $3 ORDER BY lane',
        [isDemo, missing, this.lanes],
      );
      for (const owner of missing)
        this.known.set(
          key(owner, isDemo),
          rows.filter((r) => r.owner === owner).map((r) => ({ id: r.id, lane: r.lane, entries: Number(r.entries) })),
        );
    }
    // Owners in ascending order: appends waiting for each other's lanes cannot wait in a circle.
    const lanesOf = [...owners].sort((a, b) => a - b).map((o) => [...this.known.get(key(o, isDemo))!].sort((a, b) => a.entries - b.entries || a.lane - b.lane));
    return { chosen: await lockLanes(client, lanesOf), created };
  }

  /** A lane's count after an append: the next append tries the emptier lanes first. */
  extended(chainId: number, entries: number) {
    for (const lanes of this.known.values()) for (const lane of lanes) if (lane.id === chainId) lane.entries = entries;
  }

  forget() {
    this.known.clear();
  }
}

const key = (owner: number, isDemo: boolean) => `${owner}:${isDemo ? 1 : 0}`;

/**
 * The lanes these owners lack (all of them on an owner's first entry, or more when more lanes are
 * configured), created under the sealed head's lock, which is then held to commit: the head must
 * name every chain. Rare; every other append leaves the head alone.
 */
async function createLanes(client: PgClient, owners: number[], isDemo: boolean, lanes: number): Promise<ChainRow[]> {
  const { rows } = await client.query(
    'SELECT data_owner_id AS owner, count(*) AS n FROM user_log_chains WHERE is_demo = $1 AND data_owner_id = ANY($2::int[]) AND lane < $3 GROUP BY data_owner_id',
    [isDemo, owners, lanes],
  );
  const have = new Map(rows.map((r) => [r.owner as number, Number(r.n)]));
  const short = owners.filter((o) => (have.get(o) ?? 0) < lanes);
  if (short.length === 0) return [];
  await lock(client, LOCKS.userLogChains);
  const made = await client.query(
    `INSERT INTO user_log_chains (data_owner_id, is_demo, lane, anchor_hash, head_entry_id, head_hash, entry_count, purged_count)
     SELECT o, $2, l, $3, NULL, $3, 0, 0 FROM unnest($1::int[]) AS o, generate_series(0, $4 - 1) AS l
     ON CONFLICT (data_owner_id, is_demo, lane) DO NOTHING RETURNING ${CHAIN_COLUMNS}`,
    [short, isDemo, GENESIS, lanes],
  );
  return made.rows.map(chainRow);
}

/** Locks one lane of each owner (lanes in the order to try them), by chain id alone. */
async function lockLanes(client: PgClient, lanesOf: Lane[][]): Promise<number[]> {
  if (lanesOf.every((lanes) => lanes.length === 1)) {
    // One lane each: all locked in one statement, in the owners' order.
    const ids = lanesOf.map((lanes) => lanes[0]!.id);
    await client.query('SELECT pg_advisory_xact_lock($1, u.id) FROM unnest($2::int[]) WITH ORDINALITY AS u(id, n) ORDER BY u.n', [LOCKS.userLogLane, ids]);
    return ids;
  }
  const chosen: number[] = [];
  for (const lanes of lanesOf) {
    const ids = lanes.map((l) => l.id);
    // The volatile lock function is not pushed below the ordering: lanes are tried in order, the first free one taken.
    const free = await client.query(
      'SELECT t.id FROM (SELECT u.id FROM unnest($2::int[]) WITH ORDINALITY AS u(id, n) ORDER BY u.n) t WHERE pg_try_advisory_xact_lock($1, t.id) LIMIT 1',
      [LOCKS.userLogLane, ids],
    );
    const id = free.rows[0]?.id ?? ids[0]!;
    if (!free.rows[0]) await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCKS.userLogLane, id]);
    chosen.push(id);
  }
  return chosen;
}
