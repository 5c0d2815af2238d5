// Figure 14: the user log on PostgreSQL (split mode: FVM_LOG_DATABASE), beside figures 4, 5 and 7
// on SQLite, on a throwaway cluster of Debian's PostgreSQL started for the run (fsync off on both
// sides alike). BENCH_PG_LOG_ENTRIES entries (default BENCH_LOG_ENTRIES).
//
// 14a. Ingestion: the whole `fvm logs import <file> --demo --batch-size 10000` into PostgreSQL
//      (validation, pseudonyms, the chain link of every entry under the chains' advisory lock, the
//      duplicate check through the key table, COPY of entries and keys, one transaction a batch),
//      rows per second from its first to its last progress line. Baseline: the same rows, already
//      computed (read back from the product's database, untimed), stored by plain COPY of the
//      entries and their keys into a copy of the same schema (same partitions, indexes, triggers),
//      one transaction per 10,000 rows.
// 14b/c. A filtered page of 100 entries over HTTP (figure 5's query: a log reviewer, dataOwners +
//      actions), newest and half the log deep, against the same SQL on PostgreSQL + JSON served by
//      a bare node:http endpoint.
// 14d. Verification of every chain (verifyChains, in-process) against a loop reading the same rows
//      in id order and computing the same keyed links.

import { contentOfRow, GENESIS, keyedLink, loadLogKeys, keyFileFor, openStores } from '@fvm/db';
import { canonicalLogEntry } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { startRegistry } from '../support/server';
import { findPostgresBin, startCluster } from '../support/postgresCluster';
import { check, globalId, log, median, ms, RUNS, spread, type ResultRow } from './lib';
import { assertSameJson, bareEndpoint, fetchText, timeRequests } from './logHttp';
import { fmtInt, LOG_BATCH, LOG_ENTRIES, rate, runFvm, writeDemoFile } from './logData';
import { LOG_PAGE_QUERY } from './logPage';
import { LOG_STATS_QUERY } from './logStatistics';
import type { Registry } from '../support/server';

const ENTRIES = Number(process.env.BENCH_PG_LOG_ENTRIES ?? LOG_ENTRIES);
const PAGE = 100;
const BATCH = 20;
const ENTRY_COLUMNS =
  'id, occurred_at, user_hsa_id, user_name, user_profession, care_provider_id, care_unit, action, patient_pseudonym, category_id, data_owner_id, basis, device, source_system, source_entry_id, outcome, submitted_by_org_id, is_demo, chain_id, hash, key_id';

const withDb = async <T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** COPY … TO STDOUT of a query, as text. */
async function copyOut(client: pg.Client, query: string): Promise<string> {
  const chunks: Buffer[] = [];
  await pipeline(client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT csv)`)), new Writable({ write: (chunk, _e, done) => (chunks.push(chunk), done()) }));
  return Buffer.concat(chunks).toString();
}

async function copyIn(client: pg.Client, table: string, columns: string, csv: string): Promise<void> {
  await pipeline(Readable.from([csv]), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN (FORMAT csv)`)));
}

export async function benchPostgres(): Promise<ResultRow[]> {
  const bin = findPostgresBin();
  if (!bin) {
    log('figure 14: no PostgreSQL here (Debian’s postgresql package): skipped');
    return [
      {
        figure: '14. PostgreSQL (skipped: not installed; apt-get install postgresql)',
        fvm: '–',
        baseline: '–',
        ratio: '–',
        target: '–',
        met: null,
        details: 'no initdb under /usr/lib/postgresql',
      },
    ];
  }
  const dir = mkdtempSync(join(tmpdir(), 'fvm-bench-pg-'));
  const cluster = await startCluster(bin);
  const url = (name: string) => Object.assign(new URL(cluster.url), { pathname: `/${name}` }).toString();
  try {
    await withDb(cluster.url, async (c) => {
      await c.query('CREATE DATABASE fvm_product');
    });
    const registryFile = join(dir, 'registry.sqlite');
    const file = join(dir, `demo-${ENTRIES}.ndjson`);
    log(`figure 14: writing ${fmtInt(ENTRIES)} demo entries`);
    await writeDemoFile(file, ENTRIES, join(dir, 'scratch.sqlite'));
    // Schema, reference rows mirrored: then the baseline's database is a copy of the product's, empty of entries.
    const opened = await runFvm(['logs', 'verify'], registryFile, { env: { FVM_LOG_DATABASE: url('fvm_product') } });
    check(opened.code === 0, `figure 14: fvm logs verify on the empty log failed: ${opened.stderr.slice(-500)}`);
    await withDb(cluster.url, (c) => c.query('CREATE DATABASE fvm_raw TEMPLATE fvm_product'));

    // 14a: the product's import.
    log(`figure 14: importing ${fmtInt(ENTRIES)} entries into PostgreSQL with fvm logs import`);
    const product = await runFvm(['logs', 'import', file, '--demo', '--batch-size', String(LOG_BATCH), '--stats'], registryFile, {
      env: { FVM_LOG_DATABASE: url('fvm_product') },
      echoProgress: 'PostgreSQL import',
    });
    check(product.code === 0, `figure 14: the import failed: ${product.stderr.slice(-1000)}`);
    const s0 = product.progress[0]!;
    const s1 = product.progress.at(-1)!;
    check(s1.stored > s0.stored, 'figure 14: the import printed too few progress lines');
    const productRate = ((s1.stored - s0.stored) * 1000) / (s1.ms - s0.ms);

    // 14a baseline: plain COPY of the same rows into the copy of the schema.
    const stored = await withDb(url('fvm_product'), async (c) => Number((await c.query('SELECT count(*) AS n FROM user_log_entries')).rows[0].n));
    check(stored === ENTRIES, `figure 14: the import stored ${stored} entries, not ${ENTRIES}`);
    let copyMs = 0;
    await withDb(url('fvm_product'), (source) =>
      withDb(url('fvm_raw'), async (raw) => {
        await raw.query(`SELECT fvm_ensure_user_log_partitions($1, 14)`, [Date.parse('2024-12-01T00:00:00Z')]);
        for (let after = 0; ;) {
          const last = (
            await source.query('SELECT max(id) AS m FROM (SELECT id FROM user_log_entries WHERE id > $1 ORDER BY id LIMIT $2) x', [after, LOG_BATCH])
          ).rows[0].m;
          if (last === null) break;
          const entries = await copyOut(source, `SELECT ${ENTRY_COLUMNS} FROM user_log_entries WHERE id > ${after} AND id <= ${last} ORDER BY id`);
          const keys = await copyOut(
            source,
            `SELECT source_system, source_entry_id, is_demo, entry_id, occurred_at FROM user_log_entry_keys WHERE entry_id > ${after} AND entry_id <= ${last} ORDER BY entry_id`,
          );
          const t0 = performance.now();
          await raw.query('BEGIN');
          await copyIn(raw, 'user_log_entries', ENTRY_COLUMNS, entries);
          await copyIn(raw, 'user_log_entry_keys', 'source_system, source_entry_id, is_demo, entry_id, occurred_at', keys);
          await raw.query('COMMIT');
          copyMs += performance.now() - t0;
          after = Number(last);
        }
        check(Number((await raw.query('SELECT count(*) AS n FROM user_log_entries')).rows[0].n) === ENTRIES, 'figure 14: the baseline did not store every row');
      }),
    );
    const rawRate = (ENTRIES * 1000) / copyMs;
    const rows: ResultRow[] = [
      {
        figure: `14a. PostgreSQL: ingestion by \`fvm logs import\` (split mode; ${fmtInt(ENTRIES)} entries, COPY in batches of ${fmtInt(LOG_BATCH)}) vs plain COPY of the same rows and keys into the same schema`,
        fvm: rate(1, 1000 / productRate).replace(' rows/s', '') + ' rows/s',
        baseline: `${fmtInt(rawRate)} rows/s`,
        ratio: `${((productRate / rawRate) * 100).toFixed(0)}%`,
        target: 'reported',
        met: null,
        details: `product from its first to its last progress line (${fmtInt(s1.stored - s0.stored)} rows); whole command ${(product.wallMs / 1000).toFixed(1)} s; peak RSS ${product.statsMaxRssMiB ?? '?'} MiB; baseline COPY ${(copyMs / 1000).toFixed(1)} s`,
      },
    ];

    // 14b/c: pages over HTTP.
    const registry = await startRegistry({ file: registryFile, demo: false, responseCache: false, logDatabase: url('fvm_product') });
    try {
      const owner = await withDb(
        url('fvm_product'),
        async (c) =>
          (await c.query('SELECT data_owner_id AS id FROM user_log_entries WHERE id <= 100000 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1')).rows[0]
            .id as number,
      );
      const org = registry.sqlite.prepare('SELECT name, organisation_number, municipality_code FROM organisations WHERE id = ?').get(owner) as {
        name: string;
        organisation_number: string | null;
        municipality_code: string | null;
      };
      const token = registry.token(org.municipality_code ?? org.organisation_number!, 'log_reviewer');
      const names = new Map((registry.sqlite.prepare('SELECT id, name FROM organisations').all() as { id: number; name: string }[]).map((o) => [o.id, o.name]));
      const codes = new Map(
        (registry.sqlite.prepare('SELECT id, code FROM information_categories').all() as { id: number; code: string }[]).map((c) => [c.id, c.code]),
      );
      const depth = Math.floor(ENTRIES / 2);
      const deep = await withDb(
        url('fvm_product'),
        async (c) =>
          (await c.query('SELECT occurred_at, id FROM user_log_entries ORDER BY occurred_at DESC, id DESC OFFSET $1 LIMIT 1', [depth])).rows[0] as {
            occurred_at: number;
            id: string;
          },
      );
      const deepCursor = { occurredAt: Number(deep.occurred_at), id: Number(deep.id) };
      const pool = new pg.Pool({ connectionString: url('fvm_product'), max: 2 });
      const cursorOf = (occurredAt: number, id: number) => Buffer.from(`L:${occurredAt}:${id}`).toString('base64url');
      const handWritten = (cursor: { occurredAt: number; id: number } | null) => async () => {
        const { rows: found } = await pool.query(
          `SELECT * FROM user_log_entries WHERE (data_owner_id = $1 OR care_provider_id = $1) AND data_owner_id = $1 AND action = 'read'${cursor ? ' AND (occurred_at, id) < ($2, $3) AND occurred_at <= $2' : ''} ORDER BY occurred_at DESC, id DESC LIMIT ${PAGE + 1}`,
          cursor ? [owner, cursor.occurredAt, cursor.id] : [owner],
        );
        const hasNextPage = found.length > PAGE;
        if (hasNextPage) found.pop();
        const edges = found.map((r) => ({
          cursor: cursorOf(Number(r.occurred_at), Number(r.id)),
          node: {
            entryId: Number(r.id),
            occurredAt: new Date(Number(r.occurred_at)).toISOString(),
            userHsaId: r.user_hsa_id,
            userName: r.user_name,
            userProfession: r.user_profession,
            careProvider: { name: names.get(r.care_provider_id) },
            careUnit: r.care_unit,
            action: String(r.action).toUpperCase(),
            patientPseudonym: (r.patient_pseudonym as Buffer).toString('hex'),
            category: { code: codes.get(r.category_id) },
            dataOwner: { name: names.get(r.data_owner_id) },
            basis: String(r.basis).toUpperCase(),
            device: String(r.device).toUpperCase(),
            sourceSystem: r.source_system,
            sourceEntryId: r.source_entry_id,
            outcome: String(r.outcome).toUpperCase(),
          },
        }));
        return JSON.stringify({ data: { userLogs: { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } } } });
      };
      const cases = {
        shallow: { after: null as string | null, sql: handWritten(null) },
        deep: { after: cursorOf(deepCursor.occurredAt, deepCursor.id), sql: handWritten(deepCursor) },
      };
      const endpoint = await bareEndpoint({ shallow: cases.shallow.sql, deep: cases.deep.sql });
      try {
        const filter = { dataOwners: [globalId('Organisation', owner)], actions: ['READ'] };
        const body = (after: string | null) => JSON.stringify({ query: LOG_PAGE_QUERY, variables: { filter, after } });
        const lengths: Record<string, { fvm: number; sql: number }> = {};
        for (const [name, c] of Object.entries(cases)) {
          const answer = await fetchText(registry.url, body(c.after), token);
          check(answer.status === 200 && !JSON.parse(answer.text).errors, `figure 14 (${name}): HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
          const expected = await c.sql();
          assertSameJson(`figure 14 (${name})`, answer.text, expected);
          lengths[name] = { fvm: answer.text.length, sql: expected.length };
        }
        const times = { shallow: { fvm: [] as number[], sql: [] as number[] }, deep: { fvm: [] as number[], sql: [] as number[] } };
        for (let i = 0; i <= RUNS; i++) {
          for (const [name, c] of Object.entries(cases) as [keyof typeof cases, (typeof cases)['shallow']][]) {
            const f = await timeRequests(BATCH, registry.url, body(c.after), lengths[name]!.fvm, token, `figure 14 (${name})`);
            const h = await timeRequests(BATCH, endpoint.url(name), '{}', lengths[name]!.sql, undefined, `figure 14 baseline (${name})`);
            if (i > 0) {
              times[name].fvm.push(f);
              times[name].sql.push(h);
            }
          }
        }
        for (const name of ['shallow', 'deep'] as const) {
          const ratio = median(times[name].fvm) / median(times[name].sql);
          rows.push({
            figure: `14${name === 'shallow' ? 'b' : 'c'}. PostgreSQL: filtered page of ${PAGE} user log entries over HTTP (figure 5's query), ${name === 'shallow' ? 'newest entries' : `${fmtInt(depth)} entries deep`}, vs the same SQL on PostgreSQL + JSON over a bare endpoint`,
            fvm: ms(median(times[name].fvm)),
            baseline: ms(median(times[name].sql)),
            ratio: `${ratio.toFixed(1)}×`,
            target: '≤ 2× (as 5a/5b)',
            met: ratio <= 2,
            details: `mean of ${BATCH} sequential requests per run, ${RUNS} runs: registry ${times[name].fvm.map((x) => x.toFixed(2)).join(', ')} ms; SQL ${times[name].sql.map((x) => x.toFixed(2)).join(', ')} ms`,
          });
        }
        rows.push(await statisticsOnPostgres(registry, pool, names));
      } finally {
        await endpoint.close();
        await pool.end();
      }
    } finally {
      await registry.close();
    }

    // 14d: verification.
    const keys = loadLogKeys(keyFileFor(registryFile), {});
    const stores = await openStores(registryFile, keys, { logDatabase: url('fvm_product') });
    try {
      const t0 = performance.now();
      const verdict = await stores.logs.verifyChains();
      const verifyMs = performance.now() - t0;
      check(verdict.ok && verdict.entriesChecked === ENTRIES, `figure 14: verification: ok ${verdict.ok}, ${verdict.entriesChecked} entries`);
      const key = keys.chain.current.key;
      const loopMs = await withDb(url('fvm_product'), async (c) => {
        const previous = new Map<number, Buffer>();
        const l0 = performance.now();
        for (let after = 0; ;) {
          const { rows: slice } = await c.query('SELECT * FROM user_log_entries WHERE id > $1 ORDER BY id LIMIT 5000', [after]);
          for (const r of slice) {
            const row = { ...r, id: Number(r.id), occurred_at: Number(r.occurred_at) };
            previous.set(r.chain_id, keyedLink(key, previous.get(r.chain_id) ?? GENESIS, canonicalLogEntry(contentOfRow(row))));
          }
          if (slice.length < 5000) break;
          after = Number(slice.at(-1).id);
        }
        return performance.now() - l0;
      });
      rows.push({
        figure: `14d. PostgreSQL: verification of every chain (${fmtInt(ENTRIES)} entries, one snapshot, slices of 5,000) vs a loop reading the same rows in id order and computing the same keyed links`,
        fvm: rate(ENTRIES, verifyMs),
        baseline: rate(ENTRIES, loopMs),
        ratio: `${(loopMs / verifyMs).toFixed(2)}×`,
        target: 'reported',
        met: null,
        details: `verification ${(verifyMs / 1000).toFixed(1)} s, loop ${(loopMs / 1000).toFixed(1)} s (one run each)`,
      });
    } finally {
      await stores.close();
    }
    const sizes = await withDb(
      url('fvm_product'),
      async (c) =>
        (
          await c.query(
            `SELECT pg_total_relation_size('user_log_entries') + coalesce((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'user_log_entries'::regclass), 0) AS entries, pg_total_relation_size('user_log_entry_keys') AS keys`,
          )
        ).rows[0],
    );
    const perRow = (Number(sizes.entries) + Number(sizes.keys)) / ENTRIES;
    rows.push({
      figure: `14e. PostgreSQL: bytes per stored entry (its partitions with their indexes, and its key with its indexes)`,
      fvm: `${perRow.toFixed(0)} B`,
      baseline: '–',
      ratio: '–',
      target: 'reported',
      met: null,
      details: `entries ${(Number(sizes.entries) / 2 ** 20).toFixed(0)} MiB, keys ${(Number(sizes.keys) / 2 ** 20).toFixed(0)} MiB for ${fmtInt(ENTRIES)} entries: 1 billion would take ${((perRow * 1e9) / 2 ** 40).toFixed(2)} TiB, 10 billion ${((perRow * 1e10) / 2 ** 40).toFixed(1)} TiB, 44 billion ${((perRow * 44e9) / 2 ** 40).toFixed(1)} TiB`,
    });
    return rows;
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Figure 6 on PostgreSQL: statistics per day × data owner over the month in the middle of the log. */
async function statisticsOnPostgres(registry: Registry, pool: pg.Pool, names: Map<number, string>): Promise<ResultRow> {
  const DAY = 86_400_000;
  const middle = Number(
    (await pool.query('SELECT occurred_at FROM user_log_entries ORDER BY occurred_at OFFSET $1 LIMIT 1', [Math.floor(ENTRIES / 2)])).rows[0].occurred_at,
  );
  const d = new Date(middle);
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const read = async () => {
    const { rows } = await pool.query(
      `SELECT (occurred_at / ${DAY}) * ${DAY} AS day, data_owner_id AS owner, count(*) AS n FROM user_log_entries WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    );
    return JSON.stringify({
      data: {
        userLogStatistics: rows.map((r) => ({
          periodStart: new Date(Number(r.day)).toISOString(),
          value: names.get(r.owner) ?? String(r.owner),
          count: Number(r.n),
        })),
      },
    });
  };
  const inMonth = Number((await pool.query('SELECT count(*) AS n FROM user_log_entries WHERE occurred_at >= $1 AND occurred_at < $2', [from, to])).rows[0].n);
  const token = registry.token('2321000131', 'analyst');
  const body = JSON.stringify({ query: LOG_STATS_QUERY, variables: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } });
  const expected = await read();
  const product = await fetchText(registry.url, body, token);
  check(product.status === 200 && !JSON.parse(product.text).errors, `figure 14f: HTTP ${product.status}: ${product.text.slice(0, 500)}`);
  assertSameJson('figure 14f', product.text, expected);
  const endpoint = await bareEndpoint({ stats: read });
  try {
    const batch = 3;
    await timeRequests(1, registry.url, body, product.text.length, token, 'figure 14f');
    const fvm: number[] = [];
    const http: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const f = await timeRequests(batch, registry.url, body, product.text.length, token, 'figure 14f');
      const h = await timeRequests(batch, endpoint.url('stats'), '{}', expected.length, undefined, 'figure 14f baseline');
      if (i > 0) {
        fvm.push(f);
        http.push(h);
      }
    }
    const ratio = median(fvm) / median(http);
    return {
      figure: `14f. PostgreSQL: statistics per day × data owner over one month (${fmtInt(inMonth)} entries) over HTTP (analyst; figure 6's query) vs the raw GROUP BY on PostgreSQL + JSON over a bare endpoint`,
      fvm: ms(median(fvm)),
      baseline: ms(median(http)),
      ratio: `${ratio.toFixed(2)}×`,
      target: '≤ 2× (as 6)',
      met: ratio <= 2,
      details: `${new Date(from).toISOString().slice(0, 7)}; mean of ${batch} requests per run, ${RUNS} runs: registry ${fvm.map((x) => x.toFixed(1)).join(', ')} ms (${spread(fvm, 1)}); GROUP BY ${http.map((x) => x.toFixed(1)).join(', ')} ms`,
    };
  } finally {
    await endpoint.close();
  }
}
