// Figure 3: small-query throughput over HTTP. The registry answering
// `{ options(first: 3) { nodes { number name } } }` with a token, against a bare graphql-yoga
// `{ hello }` server, at the same bounded concurrency for the same time, loopback only.
//
// Both servers run in a child process (one core); this process is the load generator (the other
// core), with keep-alive connections, so the client's own cost does not blur the comparison.
// Rounds alternate between the two servers; every answer is checked.

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { check, log, median, RUNS, spread, type ResultRow } from './lib';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
// Each server's warm-up, in alternating halves: V8 keeps optimising a server's code for some
// seconds under load (the registry's more than bare yoga's one resolver), and on a shared machine
// a single short warm-up left the first rounds measuring the compiler. Both get the same.
const WARMUP_MS = 1500;
const WARMUP_ROUNDS = 2;

const REGISTRY_QUERY = JSON.stringify({ query: '{ options(first: 3) { nodes { number name } } }' });
const BARE_QUERY = JSON.stringify({ query: '{ hello }' });

interface Target {
  url: URL;
  body: string;
  headers: Record<string, string>;
  ok: (body: string) => boolean;
}

function post(agent: Agent, target: Target): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(target.url, { method: 'POST', agent, headers: { ...target.headers, 'content-length': Buffer.byteLength(target.body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(target.body);
  });
}

/**
 * The CPU time (user + system, ms) the process has used so far, from /proc (Linux), or null. On a
 * loaded machine the server's CPU per request is steadier than its requests per second: it does
 * not count the time the server waited for a core.
 */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    // Fields after the command's closing parenthesis: state is field 3, utime 14 and stime 15, in
    // clock ticks, which /proc always counts at 100 a second (USER_HZ).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Keeps CONCURRENCY requests in flight for `durationMs`; returns completed requests per second and the server's CPU ms per request (null where /proc is not). */
async function load(target: Target, durationMs: number, serverPid?: number): Promise<{ rate: number; cpuMs: number | null }> {
  const cpu0 = cpuMsOf(serverPid);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  let failed: string | null = null;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  async function worker() {
    while (performance.now() < deadline && !failed) {
      const r = await post(agent, target);
      if (r.status !== 200 || !target.ok(r.body)) failed = `HTTP ${r.status}: ${r.body.slice(0, 300)}`;
      else done++;
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - t0;
  const cpu1 = cpuMsOf(serverPid);
  agent.destroy();
  check(!failed, `figure 3: a request failed: ${failed}`);
  return { rate: (done * 1000) / elapsed, cpuMs: cpu0 === null || cpu1 === null || !done ? null : (cpu1 - cpu0) / done };
}

export async function benchThroughput(responseCache: boolean): Promise<ResultRow> {
  // BENCH_PROFILE_DIR=/some/dir writes a V8 CPU profile of the server process (see profile.ts).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child: ChildProcess = fork(fileURLToPath(new URL('./throughputServers.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...profile],
    // As the registry is deployed (README): NODE_ENV=production, for both servers in the process.
    env: { ...process.env, NODE_ENV: 'production', FVM_BENCH_RESPONSE_CACHE: responseCache ? '1' : '0' },
  });
  try {
    const info = await new Promise<{ registryUrl: string; bareUrl: string; token: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as never));
      child.once('exit', (code) => reject(new Error(`figure 3: the server process exited (${code})`)));
    });
    const json = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const registry: Target = {
      url: new URL(info.registryUrl),
      body: REGISTRY_QUERY,
      headers: { ...json, authorization: `Bearer ${info.token}` },
      ok: (body) => {
        const nodes = (JSON.parse(body) as { data?: { options?: { nodes?: { number: number }[] } } }).data?.options?.nodes;
        return nodes?.length === 3 && nodes[0]!.number === 1;
      },
    };
    const bare: Target = { url: new URL(info.bareUrl), body: BARE_QUERY, headers: json, ok: (body) => body === '{"data":{"hello":"world"}}' };

    log(`figure 3: warm-up (${CONCURRENCY} concurrent requests, ${WARMUP_ROUNDS} × ${WARMUP_MS / 1000} s each, alternating)`);
    for (let i = 0; i < WARMUP_ROUNDS; i++) {
      await load(registry, WARMUP_MS);
      await load(bare, WARMUP_MS);
    }
    const fvm: number[] = [];
    const base: number[] = [];
    const fvmCpu: number[] = [];
    const baseCpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await load(registry, ROUND_MS, child.pid);
      const b = await load(bare, ROUND_MS, child.pid);
      fvm.push(r.rate);
      base.push(b.rate);
      if (r.cpuMs !== null && b.cpuMs !== null) {
        fvmCpu.push(r.cpuMs);
        baseCpu.push(b.cpuMs);
      }
      const cpu = r.cpuMs !== null && b.cpuMs !== null ? ` (server CPU per request ${r.cpuMs.toFixed(2)} ms vs ${b.cpuMs.toFixed(2)} ms)` : '';
      log(`figure 3: run ${i + 1}/${RUNS}: registry ${fvm[i]!.toFixed(0)} req/s, bare yoga ${base[i]!.toFixed(0)} req/s${cpu}`);
    }
    const share = median(fvm) / median(base);
    // The same comparison by the server's CPU per request: what the share would be with a core to itself.
    const cpuShare = fvmCpu.length ? median(baseCpu) / median(fvmCpu) : null;
    return {
      figure: `3${responseCache ? '' : '-uncached'}. Small-query throughput over HTTP, ${CONCURRENCY} concurrent (options(first: 3) with a token vs bare graphql-yoga { hello }) — response cache ${responseCache ? 'on (the default)' : 'off: every request executes'}`,
      fvm: `${median(fvm).toFixed(0)} req/s`,
      baseline: `${median(base).toFixed(0)} req/s`,
      ratio: `${(share * 100).toFixed(0)}%`,
      // Issue 11: with every request executing, at least 60% of bare yoga; with the cache on, 50%.
      target: responseCache ? '≥ 50%' : '≥ 60%',
      met: share >= (responseCache ? 0.5 : 0.6),
      details: `${RUNS} rounds of ${ROUND_MS / 1000} s each, alternating; registry ${fvm.map((v) => v.toFixed(0)).join(', ')} req/s (${spread(fvm, 0)}); bare ${base.map((v) => v.toFixed(0)).join(', ')} req/s (${spread(base, 0)})${
        cpuShare === null
          ? ''
          : `; server CPU per request ${median(fvmCpu).toFixed(2)} ms vs ${median(baseCpu).toFixed(2)} ms (the share by CPU time ${(cpuShare * 100).toFixed(0)}%)`
      }`,
    };
  } finally {
    if (child.connected) child.send('stop');
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  }
}
