import type { Sqlite } from '../client';
import type { LogKeys } from '../userLogs/keys';
import { compareCounts, compareSample, sampleOf, type SampleOfTable } from './copyCheck';
import { DEFER_KEYS_SQL, tablesOf, type CopiedRows, type Part } from './copyPlan';
import { copyRows, lastIdGiven, placeSequence, storeOneRow } from './copyRows';
import { verifyChainsPg, verifyLedgerPg } from './logs/proof';
import { inTransaction, type PgPool } from './pool';

// Moving a registry from its SQLite file to PostgreSQL, whole (registry and user log) or one part
// of it: every row of every table, ids kept, from one snapshot of the file (the server may go on
// writing meanwhile; what it writes after the snapshot is not copied), in one PostgreSQL
// transaction with COPY; then checked on the PostgreSQL side: counts, the chains and ledgers
// recomputed under the registry's keys, and a sample of every table compared value by value.

export interface CopyProgress {
  table: string;
  copied: number;
  of: number;
}

/** A chained record recomputed on PostgreSQL. */
export interface CopyVerdict {
  record: 'changes' | 'user_log_chains' | 'user_log_reads';
  ok: boolean;
}

export interface CopyReport {
  /** Rows copied per table. */
  counts: Record<string, number>;
  verified: CopyVerdict[];
  /** Rows compared value by value, over every table. */
  sampleCompared: number;
  problems: string[];
}

/** A copy that may not start (its target is not empty): said plainly, nothing written. */
export class CopyRefusedError extends Error {
  override name = 'CopyRefusedError';
}

const SLICE = 10_000;
const MAX_PROBLEMS = 20;

/** Copies `parts` of the registry in `sqlite` into the migrated PostgreSQL database of `pool`, which must hold none of their rows. */
export async function copyToPostgres(
  sqlite: Sqlite,
  pool: PgPool,
  keys: LogKeys,
  parts: readonly Part[],
  onProgress: (p: CopyProgress) => void = () => {},
): Promise<CopyReport> {
  const tables = tablesOf(parts);
  await refuseUnlessEmpty(pool, tables);
  const counts: Record<string, number> = {};
  const samples: SampleOfTable[] = [];
  // One read transaction over the file: every table as of the same moment.
  sqlite.prepare('BEGIN').run();
  try {
    if (parts.includes('log')) await partitionMonthsOfEntries(sqlite, pool);
    await inTransaction(pool, async (client) => {
      await client.query(DEFER_KEYS_SQL);
      for (const table of tables) {
        const from = `"${table.name}"${table.where ? ` WHERE ${table.where}` : ''}`;
        const of = sqlite.prepare(`SELECT count(*) FROM ${from}`).pluck().get() as number;
        const read = sqlite.prepare(`SELECT ${table.columns.map((c) => `"${c.name}"`).join(', ')} FROM ${from}`).raw(true);
        if (table.oneRow) {
          for (const row of read.all() as unknown[][]) await storeOneRow(client, table, row);
          onProgress({ table: table.name, copied: of, of });
        } else {
          let slice: unknown[][] = [];
          let copied = 0;
          const flush = async () => {
            await copyRows(client, table, slice);
            copied += slice.length;
            slice = [];
            onProgress({ table: table.name, copied, of });
          };
          // Nothing else runs on the SQLite connection while this statement is open: the awaits are PostgreSQL's.
          for (const row of read.iterate() as Iterable<unknown[]>) {
            slice.push(row);
            if (slice.length === SLICE) await flush();
          }
          if (slice.length || copied === 0) await flush();
          if (table.identity) await placeSequence(client, table.name, lastIdGiven(sqlite, table.name));
        }
        counts[table.name] = of;
      }
    });
    for (const table of tables) samples.push(sampleOf(sqlite, table));
    sqlite.prepare('COMMIT').run();
  } catch (error) {
    if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run();
    throw error;
  }
  const problems = await compareCounts(pool, tables, counts);
  for (const sample of samples) {
    if (problems.length >= MAX_PROBLEMS) break;
    problems.push(...(await compareSample(pool, sample, MAX_PROBLEMS - problems.length)));
  }
  const verified: CopyVerdict[] = [];
  if (parts.includes('registry')) {
    const changes = await verifyLedgerPg(pool, keys, 'changes');
    verified.push({ record: 'changes', ok: changes.ok });
    if (!changes.ok) problems.push(`the change history does not verify on PostgreSQL: ${changes.breaks[0]?.reason}`);
  }
  if (parts.includes('log')) {
    const chains = await verifyChainsPg(pool, keys);
    const reads = await verifyLedgerPg(pool, keys, 'user_log_reads');
    verified.push({ record: 'user_log_chains', ok: chains.ok }, { record: 'user_log_reads', ok: reads.ok });
    if (!chains.ok)
      problems.push(`the chains do not verify on PostgreSQL: ${chains.chains.find((c) => !c.ok)?.firstBreak?.reason ?? chains.headBreaks[0]?.reason}`);
    if (!reads.ok) problems.push(`the record of reads does not verify on PostgreSQL: ${reads.breaks[0]?.reason}`);
  }
  return { counts, verified, sampleCompared: samples.reduce((n, s) => n + s.rows.length, 0), problems };
}

async function refuseUnlessEmpty(pool: PgPool, tables: readonly CopiedRows[]): Promise<void> {
  const holding: CopiedRows[] = [];
  for (const t of tables.filter((t) => !t.oneRow)) {
    if ((await pool.query(`SELECT EXISTS (SELECT 1 FROM "${t.name}"${t.where ? ` WHERE ${t.where}` : ''}) AS x`)).rows[0].x) holding.push(t);
  }
  if (holding.length)
    throw new CopyRefusedError(`The PostgreSQL database is not empty (${holding.map((t) => t.name).join(', ')} already hold rows): copy into an empty one.`);
}

/** Every month from the first entry's to the last one's gets its partition before the copy. */
async function partitionMonthsOfEntries(sqlite: Sqlite, pool: PgPool): Promise<void> {
  const span = sqlite.prepare('SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM user_log_entries').get() as {
    first: number | null;
    last: number | null;
  };
  if (span.first === null || span.last === null) return;
  const first = new Date(span.first);
  const last = new Date(span.last);
  const months = (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
  await pool.query('SELECT fvm_ensure_user_log_partitions($1, $2)', [Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1), months]);
}
