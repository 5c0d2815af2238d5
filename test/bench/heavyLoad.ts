// Figure 12: one heavy request must not stall everyone. The latency of a simple query
// (`municipalities(first: 5)`, no token) asked one at a time while 20 clients keep the heaviest
// log read the limits admit running (each a FHIR export of 1,000 entries as an analyst, sent again
// as soon as it is answered; after a 503 "busy", again after 50 ms), beside the same simple
// query on the same server with nothing else running. Median and p99 of each, and their ratios.
// Before issue 8's limits, 20 requests of 15 aliased exports each made this query wait up to 54 s;
// those are now refused with 400 in milliseconds, so the load here is the worst that is admitted.
//
// The server runs in a child process (one core), this process is the load generator (the other).
// Environment: BENCH_HEAVY_LOG_ENTRIES (demo log entries, default 100,000), BENCH_HEAVY_ROUND_MS
// (length of each phase, default 5,000), BENCH_RUNS.

import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { check, log, median, ms, RUNS, type ResultRow } from './lib';
import { fmtInt } from './logData';

const ABUSERS = 20;
const ROUND_MS = Number(process.env.BENCH_HEAVY_ROUND_MS ?? 5000);
const SIMPLE = JSON.stringify({ query: '{ municipalities(first: 5) { edges { node { name } } } }' });
const HEAVY = JSON.stringify({ query: '{ userLogsAsFhirBundle(first: 1000) }' });

/** POSTs and reads the whole answer; the body is kept only when asked (the exports are megabytes). */
function post(agent: Agent, url: URL, body: string, headers: Record<string, string>, keep: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => keep && chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function p99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
}

/** Simple queries one after another for `durationMs` (10 ms apart); each latency in ms. */
async function simpleQueries(agent: Agent, url: URL, durationMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const r = await post(agent, url, SIMPLE, {}, true);
    latencies.push(performance.now() - t0);
    check(
      r.status === 200 && (JSON.parse(r.body) as { data?: { municipalities?: { edges?: unknown[] } } }).data?.municipalities?.edges?.length === 5,
      `figure 12: a simple query failed: HTTP ${r.status}: ${r.body.slice(0, 300)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return latencies;
}

export async function benchHeavyLoad(): Promise<ResultRow> {
  const child = fork(fileURLToPath(new URL('./heavyLoadServer.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [])],
  });
  try {
    const info = await new Promise<{ url: string; token: string; entries: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as never));
      child.once('exit', (code) => reject(new Error(`figure 12: the server process exited (${code})`)));
    });
    const url = new URL(info.url);
    const simpleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const heavyAgent = new Agent({ keepAlive: true, maxSockets: ABUSERS });
    const statuses = new Map<number, number>();

    async function loaded(durationMs: number): Promise<number[]> {
      let running = true;
      const abusers = Array.from({ length: ABUSERS }, async () => {
        while (running) {
          const r = await post(heavyAgent, url, HEAVY, { authorization: `Bearer ${info.token}` }, false);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          check(r.status === 200 || r.status === 503, `figure 12: an export was answered HTTP ${r.status}`);
          if (r.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
      // Let the exports fill the server's turns and queue before measuring.
      await new Promise((resolve) => setTimeout(resolve, 500));
      try {
        return await simpleQueries(simpleAgent, url, durationMs);
      } finally {
        running = false;
        await Promise.all(abusers);
      }
    }

    log(`figure 12: warm-up on ${fmtInt(info.entries)} log entries`);
    await simpleQueries(simpleAgent, url, 1000);
    await loaded(1500);
    const quiet: number[] = [];
    const busy: number[] = [];
    const perRun: string[] = [];
    statuses.clear();
    for (let i = 0; i < RUNS; i++) {
      const q = await simpleQueries(simpleAgent, url, ROUND_MS);
      const b = await loaded(ROUND_MS);
      quiet.push(...q);
      busy.push(...b);
      perRun.push(
        `run ${i + 1}: unloaded median ${ms(median(q))} p99 ${ms(p99(q))} (${q.length}), loaded median ${ms(median(b))} p99 ${ms(p99(b))} (${b.length})`,
      );
      log(`figure 12: ${perRun.at(-1)}`);
    }
    simpleAgent.destroy();
    heavyAgent.destroy();
    const exports = [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ');
    const ratio = p99(busy) / p99(quiet);
    return {
      figure: `12. Simple query while ${ABUSERS} clients run the heaviest admitted log read (FHIR export of 1,000) non-stop, median / p99 vs the same query unloaded`,
      fvm: `${ms(median(busy))} / ${ms(p99(busy))}`,
      baseline: `${ms(median(quiet))} / ${ms(p99(quiet))}`,
      ratio: `${(median(busy) / median(quiet)).toFixed(1)}× / ${ratio.toFixed(1)}×`,
      target: 'p99 under load ≤ 500 ms',
      met: p99(busy) <= 500,
      details: `${RUNS} rounds of ${ROUND_MS / 1000} s unloaded then ${ROUND_MS / 1000} s loaded, on ${fmtInt(info.entries)} log entries; ${quiet.length} unloaded and ${busy.length} loaded simple queries; exports answered: ${exports}; ${perRun.join('; ')}`,
    };
  } finally {
    if (child.connected) child.send('stop');
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  }
}
