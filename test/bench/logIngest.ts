// Figures 4 and 8: ingestion of BENCH_LOG_ENTRIES user log entries, and the importer's memory.
//
// 4. Product: the whole `fvm logs import <file> --demo --batch-size 10000` of the NDJSON file, timed
//    from spawning the process to its exit: start-up (tsx, migrations of the empty database,
//    reference data), reading and parsing the file, validation (time, identity number with its
//    Luhn digit, HSA-id, vocabularies, organisation and category look-ups), the duplicate check,
//    the keyed hash (HMAC) of every patient, the keyed (HMAC-SHA-256) chain link of every entry, the inserts with
//    all of the table's indexes, one transaction (synchronous=FULL) per 10,000 entries.
//    Baseline: the same rows, already computed (pseudonyms, hashes, chain ids, ids: read back from
//    the product's database, untimed), inserted with one prepared INSERT into the same table with
//    the same indexes, triggers and foreign keys, in a second database opened the same way
//    (openDatabase: WAL, synchronous=FULL), one transaction per 10,000: the timed part is pure
//    INSERT + COMMIT. Both start from an empty table and insert the same rows in the same order, so
//    the growth of the indexes weighs on both alike. Inserting ten million rows takes both sides
//    minutes (both slow down as the indexes outgrow the cache), so the comparison is made on the
//    first BENCH_LOG_BASELINE_ROWS rows (default 1,000,000): the product timed over that range
//    between its own progress lines, the baseline over the same rows. 4b gives the product's rate
//    over the whole file.
// 8. Peak RSS of the importing process (its `--stats` line, cross-checked by sampling VmHWM)
//    for the big file, against the same command importing a 100,000-entry file: flat memory
//    means a ratio near 1.

import { loadReferenceData, openDatabase } from '@fvm/db';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { check, log, type ResultRow } from './lib';
import {
  BASELINE_SAMPLE,
  fmtInt,
  importWithCli,
  LOG_BATCH,
  LOG_ENTRIES,
  LOG_FORMAT,
  rate,
  rateOverTime,
  SMALL_LOG_ENTRIES,
  writeDemoFile,
  type LogWorld,
} from './logData';

const COLUMNS = `occurred_at, user_hsa_id, user_name, user_profession, care_provider_id, care_unit, action,
  patient_pseudonym, category_id, data_owner_id, basis, device, source_system, source_entry_id, outcome, submitted_by_org_id, is_demo, chain_id, hash`;

export function benchIngestion(world: LogWorld): ResultRow[] {
  const product = world.bigImport;
  check(product, 'figure 4 needs the database built in this run');
  const n = world.entries;

  // The sample both sides are compared on: from the end of the product's first batch (start-up,
  // JIT warm-up and the first commit left out) to its first progress line at or past SAMPLE rows.
  // The baseline inserts the same rows from an empty table and is timed over the same range.
  const samples = product.progress;
  check(samples.length >= 2, `figure 4: the import printed ${samples.length} progress line(s); need two`);
  const s0 = samples[0]!;
  const s1 = samples.find((s) => s.stored >= Math.min(n, BASELINE_SAMPLE)) ?? samples.at(-1)!;
  check(s1.stored > s0.stored, 'figure 4: no progress between the first and the last progress line');
  const sampleRows = s1.stored - s0.stored;
  const productSampleRate = (sampleRows * 1000) / (s1.ms - s0.ms);

  const baselineFile = join(world.dir, 'baseline.sqlite');
  const { db, sqlite, close } = openDatabase(baselineFile);
  // The same bulk-import settings as `fvm logs import` (apps/server/src/logs/import.ts), so the
  // ratio compares the work per row, not the page cache.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('wal_autocheckpoint = 100000');
  const source = new Database(world.databaseFile, { readonly: true });
  let insertedMs = 0;
  let sampledMs = 0;
  let sampledRows = 0;
  let readMs = 0;
  const batchMs: number[] = [];
  const batchRows: number[] = [];
  try {
    loadReferenceData(db);
    // Foreign keys point at organisations and categories: the same ids in both databases.
    const orgs = (d: Database.Database) => JSON.stringify(d.prepare('SELECT id, organisation_number, municipality_code FROM organisations ORDER BY id').all());
    check(orgs(sqlite) === orgs(source), 'figure 4: the baseline database has other organisation ids than the product’s');
    const read = source.prepare(`SELECT id, ${COLUMNS} FROM user_log_entries WHERE id > ? ORDER BY id LIMIT ?`).raw(true);
    const insert = sqlite.prepare(
      `INSERT INTO user_log_entries (${COLUMNS}) VALUES (${COLUMNS.split(',')
        .map(() => '?')
        .join(', ')})`,
    );
    const insertBatch = sqlite.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(row);
    });
    log(`figure 4: raw baseline: inserting the same first ${fmtInt(s1.stored)} rows into ${baselineFile}`);
    let lastId = 0;
    let done = 0;
    let nextLog = performance.now() + 10_000;
    while (done < s1.stored) {
      const r0 = performance.now();
      const rows = read.all(lastId, Math.min(LOG_BATCH, s1.stored - done)) as unknown[][];
      readMs += performance.now() - r0;
      if (rows.length === 0) break;
      lastId = rows.at(-1)![0] as number;
      for (const row of rows) row.shift(); // the id: assigned by the table, as for the product
      const t0 = performance.now();
      insertBatch.immediate(rows);
      const t = performance.now() - t0;
      insertedMs += t;
      batchMs.push(t);
      batchRows.push(rows.length);
      if (done >= s0.stored) {
        sampledMs += t;
        sampledRows += rows.length;
      }
      done += rows.length;
      if (performance.now() > nextLog) {
        log(`figure 4: raw baseline: ${fmtInt(done)} rows, ${rate(done, insertedMs)}`);
        nextLog = performance.now() + 10_000;
      }
    }
    const copied = sqlite.prepare('SELECT count(*) AS n, max(id) AS maxId FROM user_log_entries').get() as { n: number; maxId: number };
    const original = source.prepare('SELECT max(id) FROM user_log_entries WHERE id <= ?').pluck().get(copied.maxId) as number;
    check(
      copied.n === s1.stored && copied.maxId === original && sampledRows === sampleRows,
      `figure 4: the baseline holds ${copied.n} rows up to id ${copied.maxId}, expected ${s1.stored}`,
    );
  } finally {
    source.close();
    close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(baselineFile + suffix, { force: true });
  }

  const baselineSampleRate = (sampledRows * 1000) / sampledMs;
  const share = productSampleRate / baselineSampleRate;
  const totalRate = (n * 1000) / product.wallMs;
  // Rates over the first and last tenth of the baseline's batches, to show how both slow down as the indexes grow.
  const tenth = Math.max(1, Math.floor(batchMs.length / 10));
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const baseFirst = rate(sum(batchRows.slice(0, tenth)), sum(batchMs.slice(0, tenth)));
  const baseLast = rate(sum(batchRows.slice(-tenth)), sum(batchMs.slice(-tenth)));
  const cliRate = product.stderr.match(/(\d+) rows\/s\.\s*$/m)?.[1];
  const overTime = rateOverTime(product.progress, n);
  const range = `entries ${fmtInt(s0.stored + 1)}–${fmtInt(s1.stored)}`;
  return [
    {
      figure: `4. Ingestion: \`fvm logs import\` of a ${LOG_FORMAT.toUpperCase()} demo file (parse, validate, HMAC pseudonym, keyed chain link and sealed head, duplicate check, all indexes) vs raw prepared INSERTs of the same precomputed rows into the same table and indexes, over the same ${fmtInt(sampleRows)} rows (${range}, from an empty table)`,
      fvm: `${fmtInt(productSampleRate)} rows/s`,
      baseline: `${fmtInt(baselineSampleRate)} rows/s`,
      ratio: `${(share * 100).toFixed(0)}%`,
      target: '≥ 50%',
      met: share >= 0.5,
      details:
        `product: ${range} in ${((s1.ms - s0.ms) / 1000).toFixed(1)} s, timed between the import's own progress lines (the first after its first batch of ${fmtInt(s0.stored)}, which is left out with start-up). ` +
        `Baseline: ${(sampledMs / 1000).toFixed(1)} s of INSERT + COMMIT for the same rows, in transactions of ≤ ${fmtInt(LOG_BATCH)} (the first batch inserted but not counted; rows read back from the product's database untimed, ${(readMs / 1000).toFixed(1)} s); ` +
        `${baseFirst} over its first tenth, ${baseLast} over its last. Both: WAL, synchronous=FULL, foreign keys on, same schema (6 indexes besides the primary key, append-only triggers); one run each`,
    },
    {
      figure: `4b. Whole ingestion of all ${fmtInt(n)} entries by \`fvm logs import\` (wall-clock of the CLI process, start-up included)`,
      fvm: `${fmtInt(totalRate)} rows/s`,
      baseline: '–',
      ratio: '–',
      target: '– (reported)',
      met: null,
      details: `${(product.wallMs / 1000).toFixed(1)} s for ${fmtInt(n)} entries${cliRate ? ` (${fmtInt(Number(cliRate))} rows/s by the CLI's own clock)` : ''}${overTime ? `; ${overTime}` : ''}; batches of ${fmtInt(LOG_BATCH)}, one transaction each`,
    },
  ];
}

export async function benchImportMemory(world: LogWorld): Promise<ResultRow> {
  const big = world.bigImport;
  check(big, 'figure 8 needs the database built in this run');
  const smallFile = join(world.dir, `demo-${SMALL_LOG_ENTRIES}.${LOG_FORMAT}`);
  log(`figure 8: writing and importing a ${fmtInt(SMALL_LOG_ENTRIES)}-entry file`);
  await writeDemoFile(smallFile, SMALL_LOG_ENTRIES, join(world.dir, 'scratch.sqlite'));
  const small = await importWithCli(smallFile, join(world.dir, 'small.sqlite'), `import of ${fmtInt(SMALL_LOG_ENTRIES)}`);
  const peak = (r: typeof big) => r.statsMaxRssMiB ?? r.sampledHwmMiB;
  const bigPeak = peak(big);
  const smallPeak = peak(small);
  check(bigPeak && smallPeak, 'figure 8: no peak memory reported (neither --stats nor /proc)');
  const ratio = bigPeak / smallPeak;
  const describe = (r: typeof big) => `${r.statsMaxRssMiB ?? '?'} MiB by --stats, ${r.sampledHwmMiB?.toFixed(0) ?? '?'} MiB VmHWM sampled`;
  return {
    figure: `8. Peak memory (max RSS) of \`fvm logs import\` of a ${fmtInt(LOG_ENTRIES)}-entry file vs the same command on a ${fmtInt(SMALL_LOG_ENTRIES)}-entry file`,
    fvm: `${bigPeak.toFixed(0)} MiB`,
    baseline: `${smallPeak.toFixed(0)} MiB`,
    ratio: `${ratio.toFixed(2)}×`,
    target: 'flat (≤ 1.5×)',
    met: ratio <= 1.5,
    details: `${fmtInt(LOG_ENTRIES)} entries: ${describe(big)}; ${fmtInt(SMALL_LOG_ENTRIES)} entries: ${describe(small)}, ${(small.wallMs / 1000).toFixed(1)} s. The 1.5× bound is the bench's reading of "flat", not the issue's`,
  };
}
