import type { Sqlite } from '../client';
import type { LogKeys } from '../userLogs/keys';
import { verifyChainsPg, verifyLedgerPg } from './logs/proof';
import { entryRow } from './logs/rows';
import { copyColumns } from './copy';
import { inTransaction, type PgPool } from './pool';

// Moving a registry's user log from its SQLite file to PostgreSQL (split mode): every entry with
// its key, the chains, their checkpoints, the record of reads and the two sealed heads, copied
// from one snapshot of the file (the server may go on writing meanwhile; what it writes after the
// snapshot is not copied), then checked on the PostgreSQL side: counts, every chain and the
// record of reads recomputed under the registry's keys, and a sample of entries row by row.

/** Each table copied, in order, with the columns both sides share. */
const TABLES = {
  user_log_chains: ['id', 'data_owner_id', 'is_demo', 'anchor_hash', 'head_entry_id', 'head_hash', 'entry_count', 'purged_count'],
  user_log_entries: [
    'id', 'occurred_at', 'user_hsa_id', 'user_name', 'user_profession', 'care_provider_id', 'care_unit', 'action', 'patient_pseudonym', 'category_id', 'data_owner_id',
    'basis', 'device', 'source_system', 'source_entry_id', 'outcome', 'submitted_by_org_id', 'is_demo', 'chain_id', 'hash', 'key_id',
  ],
  user_log_checkpoints: ['id', 'chain_id', 'created_at', 'kind', 'entry_count', 'last_entry_id', 'head_hash', 'signature'],
  user_log_reads: ['id', 'at', 'token_id', 'organisation_id', 'role', 'purpose', 'filter', 'entry_count', 'hash', 'key_id'],
} as const;
type Table = keyof typeof TABLES;
const BOOLEAN_COLUMNS = new Set(['is_demo']);

export interface LogCopyProgress {
  table: Table;
  copied: number;
  of: number;
}

export interface LogCopyReport {
  counts: Record<Table, number>;
  chainsVerified: boolean;
  readsVerified: boolean;
  sampleCompared: number;
  problems: string[];
}

/** A copy that may not start (its target is not empty): said plainly, nothing written. */
export class LogCopyRefusedError extends Error {
  override name = 'LogCopyRefusedError';
}

const SLICE = 10_000;
const SAMPLE = 1_000;

/** Copies the user log of `sqlite` into the (migrated, empty) PostgreSQL log database of `pool`. */
export async function copyUserLogToPostgres(sqlite: Sqlite, pool: PgPool, keys: LogKeys, onProgress: (p: LogCopyProgress) => void = () => {}): Promise<LogCopyReport> {
  const already = Number((await pool.query('SELECT (SELECT count(*) FROM user_log_entries) + (SELECT count(*) FROM user_log_chains) + (SELECT count(*) FROM user_log_reads) AS n')).rows[0].n);
  if (already > 0) throw new LogCopyRefusedError('The PostgreSQL log database already holds user log rows: copy into an empty one.');
  const counts = {} as Record<Table, number>;
  // One read transaction over the file: every table as of the same moment.
  sqlite.prepare('BEGIN').run();
  try {
    const span = sqlite.prepare('SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM user_log_entries').get() as { first: number | null; last: number | null };
    if (span.first !== null && span.last !== null) {
      const first = new Date(span.first);
      const last = new Date(span.last);
      const months = (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
      await pool.query('SELECT fvm_ensure_user_log_partitions($1, $2)', [Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1), months]);
    }
    await inTransaction(pool, async (client) => {
      for (const table of Object.keys(TABLES) as Table[]) {
        const names = TABLES[table];
        const of = sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
        const read = sqlite.prepare(`SELECT ${names.join(', ')} FROM ${table} WHERE id > ? ORDER BY id LIMIT ${SLICE}`).raw(true);
        let copied = 0;
        for (let after = 0; ; ) {
          const rows = read.all(after) as unknown[][];
          if (rows.length === 0) break;
          const columns = names.map((name, c) => rows.map((r) => (BOOLEAN_COLUMNS.has(name) ? r[c] === 1 : r[c])));
          await copyColumns(client, table, names, columns);
          if (table === 'user_log_entries') {
            const at = (name: string) => columns[names.indexOf(name as never)]!;
            await copyColumns(client, 'user_log_entry_keys', ['source_system', 'source_entry_id', 'is_demo', 'entry_id', 'occurred_at'], [at('source_system'), at('source_entry_id'), at('is_demo'), at('id'), at('occurred_at')]);
          }
          copied += rows.length;
          after = rows.at(-1)![0] as number;
          onProgress({ table, copied, of });
        }
        counts[table] = copied;
        // New rows go on from the copied ids.
        await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1), (SELECT count(*) > 0 FROM ${table}))`);
      }
      const heads = sqlite.prepare(`SELECT name, state, key_id, seal FROM proof_heads WHERE name IN ('user_log_chains', 'user_log_reads')`).all() as { name: string; state: string; key_id: number; seal: Buffer }[];
      for (const h of heads) await client.query('INSERT INTO proof_heads (name, state, key_id, seal) VALUES ($1, $2, $3, $4)', [h.name, h.state, h.key_id, h.seal]);
    });
    // The sample, read from the same snapshot.
    const sample = sqlite.prepare(`SELECT * FROM user_log_entries ORDER BY (id * 2654435761) % 4294967296 LIMIT ${SAMPLE}`).all() as Record<string, unknown>[];
    sqlite.prepare('COMMIT').run();
    const problems: string[] = [];
    for (const table of Object.keys(TABLES) as Table[]) {
      const there = Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      if (there !== counts[table]) problems.push(`${table}: ${counts[table]} rows copied, ${there} there`);
    }
    const byId = new Map(((await pool.query('SELECT * FROM user_log_entries WHERE id = ANY($1::bigint[])', [sample.map((r) => r.id)])).rows).map((r) => [Number(r.id), entryRow(r)]));
    for (const row of sample) {
      const copy = byId.get(row.id as number) as Record<string, unknown> | undefined;
      const differs = !copy ? ['the row'] : Object.keys(row).filter((k) => (Buffer.isBuffer(row[k]) ? !(row[k] as Buffer).equals(copy[k] as Buffer) : row[k] !== copy[k]));
      if (differs.length) problems.push(`entry ${row.id}: ${differs.join(', ')} differ${differs.length === 1 ? 's' : ''}`);
      if (problems.length > 20) break;
    }
    const chains = await verifyChainsPg(pool, keys);
    const reads = await verifyLedgerPg(pool, keys, 'user_log_reads');
    if (!chains.ok) problems.push(`the chains do not verify on PostgreSQL: ${chains.chains.find((c) => !c.ok)?.firstBreak?.reason ?? chains.headBreaks[0]?.reason}`);
    if (!reads.ok) problems.push(`the record of reads does not verify on PostgreSQL: ${reads.breaks[0]?.reason}`);
    return { counts, chainsVerified: chains.ok, readsVerified: reads.ok, sampleCompared: sample.length, problems };
  } catch (error) {
    if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run();
    throw error;
  }
}
