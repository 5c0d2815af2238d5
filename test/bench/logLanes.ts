// Figure 15: lanes. One data owner (the region) written to by WRITERS appends at once (its source
// systems), through the user log store on PostgreSQL with FVM_LOG_LANES=WRITERS, against the same
// store and the same appends with one lane, where each append waits for the one before it. Entries
// per second, from the first append's start to the last one's commit; the higher the better. Each
// round appends fresh entries (new source ids) into both databases, interleaved. On a machine of
// two cores the appends also share the CPU (linking is Node's, storing PostgreSQL's): what lanes
// take away is the waiting, not the work.

import { generateDemoLogEntries, loadLogKeys, openStores, type Stores } from '@fvm/db';
import type { UserLogEntryInput } from '@fvm/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBin, startCluster } from '../support/postgresCluster';
import { check, log, median, RUNS, spread, type ResultRow } from './lib';
import { fmtInt } from './logData';

const WRITERS = Number(process.env.BENCH_LANE_WRITERS ?? 8);
const PER_ROUND = Number(process.env.BENCH_LANE_ENTRIES ?? 40_000);
const BATCH = 500;
const NOW = new Date('2026-06-15T12:00:00Z');
const SPAN = { startMs: Date.parse('2026-04-01T00:00:00Z'), endMs: Date.parse('2026-06-10T00:00:00Z') };

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
}

/** WRITERS appends at once, each of its share in batches; entries per second over all of them. */
async function appendAtOnce(stores: Stores, entries: UserLogEntryInput[], submitter: number): Promise<number> {
  const shares = Array.from({ length: WRITERS }, (_, w) => entries.filter((_e, i) => i % WRITERS === w));
  const started = performance.now();
  const stored = await Promise.all(
    shares.map(async (share) => {
      let n = 0;
      for (let i = 0; i < share.length; i += BATCH) {
        const result = await stores.logs.append(share.slice(i, i + BATCH), {
          submittedByOrgId: submitter,
          isDemo: false,
          today: NOW.toISOString().slice(0, 10),
          nowMs: NOW.getTime(),
        });
        n += result.stored;
      }
      return n;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  check(stored.reduce((a, b) => a + b, 0) === entries.length, `figure 15: stored ${stored.reduce((a, b) => a + b, 0)} of ${entries.length}`);
  return entries.length / seconds;
}

export async function benchLanes(): Promise<ResultRow> {
  const bin = findPostgresBin();
  if (!bin)
    return {
      figure: '15. lanes (skipped: PostgreSQL not installed)',
      fvm: '–',
      baseline: '–',
      ratio: '–',
      target: '–',
      met: null,
      details: 'no initdb under /usr/lib/postgresql',
    };
  const dir = mkdtempSync(join(tmpdir(), 'fvm-bench-lanes-'));
  const cluster = await startCluster(bin);
  const opened: Stores[] = [];
  try {
    const keys = loadLogKeys(join(dir, 'keys'), { FVM_PSEUDONYM_KEY: '4b'.repeat(32) });
    const open = async (name: string, lanes: number) => {
      const stores = await openStores(join(dir, `${name}.sqlite`), keys, { logDatabase: await createDatabase(cluster.url, name), logLanes: lanes });
      opened.push(stores);
      await stores.seed.loadReferenceData();
      return stores;
    };
    const laned = await open('lanes', WRITERS);
    const single = await open('one_lane', 1);
    const region = (await laned.organisations.findByCodeOrNumber('2321000131'))!;
    const world = await laned.logs.demoWorld();
    // Every entry the region's own: one owner, the hot spot lanes are for.
    const round = (seed: number) =>
      [...generateDemoLogEntries(world, PER_ROUND, { seed, ...SPAN })].map((e) => ({
        ...e,
        dataOwner: '2321000131',
        sourceEntryId: `${seed}-${e.sourceEntryId}`,
      }));
    log(`figure 15: ${WRITERS} appends at once of one owner, ${fmtInt(PER_ROUND)} entries a round, ${WRITERS} lanes against 1`);
    const warm = round(1);
    await appendAtOnce(laned, warm, region.id);
    await appendAtOnce(single, warm, region.id);
    const lanesRates: number[] = [];
    const singleRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const entries = round(100 + run);
      // Interleaved, the order swapped each round: neither side always runs on a warmer machine.
      if (run % 2 === 0) {
        lanesRates.push(await appendAtOnce(laned, entries, region.id));
        singleRates.push(await appendAtOnce(single, entries, region.id));
      } else {
        singleRates.push(await appendAtOnce(single, entries, region.id));
        lanesRates.push(await appendAtOnce(laned, entries, region.id));
      }
    }
    for (const stores of [laned, single]) check((await stores.logs.verifyChains()).ok, 'figure 15: the chains verify after the appends');
    const fvm = median(lanesRates);
    const baseline = median(singleRates);
    return {
      figure: `15. lanes: ${WRITERS} appends at once of one owner, entries/s (PostgreSQL, FVM_LOG_LANES=${WRITERS} vs 1)`,
      fvm: `${fmtInt(fvm)}/s`,
      baseline: `${fmtInt(baseline)}/s (1 lane)`,
      ratio: `${(fvm / baseline).toFixed(2)}× (higher is better)`,
      target: '> 1×',
      met: fvm > baseline,
      details: `${WRITERS} lanes ${spread(lanesRates.map((r) => r / 1000))} k/s; 1 lane ${spread(singleRates.map((r) => r / 1000))} k/s; ${fmtInt(PER_ROUND)} entries a round in batches of ${BATCH}`,
    };
  } finally {
    for (const stores of opened) await stores.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
