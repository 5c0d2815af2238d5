// Proves the PostgreSQL harness, the driver and COPY before anything is built on them: the run's
// server, a database of this file's own, range partitions that prune, and pg-copy-streams.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';

describeOnPostgres('the PostgreSQL test harness', () => {
  let database: PostgresDatabase | undefined;
  let client: pg.Client | undefined;
  const db = () => {
    if (!client) throw new Error('no connection (see the beforeAll error)');
    return client;
  };

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // The shape the user log will have: a bigint millisecond key, one partition per period.
    await client.query(`
      CREATE TABLE entries (occurred_at bigint NOT NULL, id bigint NOT NULL, note text, PRIMARY KEY (occurred_at, id))
        PARTITION BY RANGE (occurred_at);
      CREATE TABLE entries_early PARTITION OF entries FOR VALUES FROM (0) TO (1000);
      CREATE TABLE entries_late PARTITION OF entries FOR VALUES FROM (1000) TO (2000);
    `);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('gives the file a fresh database of its own, on PostgreSQL 15 or later', async () => {
    const { rows } = await db().query<{ name: string; version: string }>('SELECT current_database() AS name, current_setting($1) AS version', [
      'server_version_num',
    ]);
    expect(rows[0]?.name).toBe(database?.name);
    expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(150000);
  });

  it('prunes the partitions a range condition rules out', async () => {
    await db().query('INSERT INTO entries (occurred_at, id, note) VALUES (10, 1, $1), (1500, 2, $2)', ['early', 'late']);
    const { rows } = await db().query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT note FROM entries WHERE occurred_at >= 1000');
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('entries_late');
    expect(plan).not.toContain('entries_early');
    const notes = await db().query<{ note: string }>('SELECT note FROM entries WHERE occurred_at >= 1000');
    expect(notes.rows).toEqual([{ note: 'late' }]);
  });

  it('loads rows with COPY FROM STDIN into the right partitions', async () => {
    const copy = db().query(copyFrom('COPY entries (occurred_at, id, note) FROM STDIN'));
    await pipeline(Readable.from(['20\t3\tcopied\n', '1020\t4\tcopied\n', '1999\t5\twith a \\t tab\n']), copy);
    expect(copy.rowCount).toBe(3);
    const { rows } = await db().query<{ partition: string; n: number }>(
      "SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM entries WHERE note <> 'early' AND note <> 'late' GROUP BY 1 ORDER BY 1",
    );
    expect(rows).toEqual([
      { partition: 'entries_early', n: 1 },
      { partition: 'entries_late', n: 2 },
    ]);
  });
});
