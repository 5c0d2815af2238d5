// What a PostgreSQL database keeps on disk, read through the server as its superuser (the run's own
// cluster, or FVM_TEST_POSTGRES_URL): for the tests that look for identity numbers in the bytes of a
// registry on PostgreSQL as they do in a SQLite file and its WAL.
import type { EngineSql } from './server';

/** Where the WAL stands now: pass it to `postgresStoredBytes` as `walFrom` before the writes to scan. */
export async function walPosition(sql: EngineSql): Promise<string> {
  return (await sql<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn'))[0]!.lsn;
}

/**
 * Every file of the database after a checkpoint (the file of the first row of `first`, a table, in
 * front), and with `walFrom` the WAL segments written since (they hold every database of the
 * server, so only numbers no test stores in plain text may be looked for there).
 */
export async function postgresStoredBytes(sql: EngineSql, options: { walFrom?: string; first?: string } = {}): Promise<{ name: string; bytes: Buffer }[]> {
  const read = async (path: string) =>
    (
      await sql<{ bytes: Buffer | null }>(
        'select pg_read_binary_file(f.path, 0, s.size, true) as bytes from (select ?::text as path) f, pg_stat_file(f.path, true) s',
        path,
      )
    )[0]!.bytes;
  const wal: { name: string; bytes: Buffer }[] = [];
  if (options.walFrom) {
    // The WAL first: a checkpoint may recycle the segments before it. Wait until what was inserted is written out.
    const upTo = await walPosition(sql);
    for (let i = 0; (await sql<{ done: number }>('select (pg_current_wal_lsn() >= ?::pg_lsn)::int as done', upTo))[0]!.done === 0; i++) {
      if (i > 100) throw new Error('the WAL was not written out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [from, to] = (
      await sql<{ name: string }>('select pg_walfile_name(?::pg_lsn) as name union all select pg_walfile_name(?::pg_lsn)', options.walFrom, upTo)
    ).map((r) => r.name) as [string, string];
    const segments = (await sql<{ name: string }>('select name from pg_ls_waldir() order by name'))
      .map((r) => r.name)
      .filter((name) => /^[0-9A-F]{24}$/.test(name) && name >= from && name <= to);
    if (segments[0] !== from) throw new Error(`WAL segment ${from} went before it was read`);
    for (const name of segments) {
      const bytes = await read(`pg_wal/${name}`);
      if (!bytes) throw new Error(`WAL segment ${name} went before it was read`);
      wal.push({ name: `pg_wal/${name}`, bytes });
    }
  }
  await sql('checkpoint');
  const front = options.first
    ? (await sql<{ path: string }>(`select pg_relation_filepath(tableoid) as path from ${options.first} limit 1`))[0]?.path
    : undefined;
  if (options.first && !front) throw new Error(`${options.first} has no rows`);
  // In one statement: the caller's sql may open a connection for each.
  const all = await sql<{ name: string; bytes: Buffer | null }>(
    `select d.dir || '/' || f.name as name, pg_read_binary_file(d.dir || '/' || f.name, 0, s.size, true) as bytes
     from (select 'base/' || oid as dir from pg_database where datname = current_database()) d
     cross join lateral pg_ls_dir(d.dir) as f(name)
     cross join lateral pg_stat_file(d.dir || '/' || f.name, true) as s
     where s.size is not null and not s.isdir`,
  );
  const files = all.filter((f): f is { name: string; bytes: Buffer } => f.bytes !== null).sort((a, b) => Number(b.name === front) - Number(a.name === front));
  if (front && files[0]?.name !== front) throw new Error(`${front} could not be read`);
  return [...files, ...wal];
}
