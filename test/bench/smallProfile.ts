// Not part of `npm run bench`: the server side of figure 3 alone, for a CPU profile or a steady
// CPU-per-request comparison on a loaded machine (CPU time does not count the time the server
// waited for a core, which is most of what varies there). From test/:
//
//   npx tsx bench/smallProfile.ts [rounds] [requests per round] [profile dir]
//   npx tsx bench/smallProfile.ts 1 30000 /tmp/fvm-prof      (ONLY=registry: the registry alone)
//
// Forks throughputServers.ts (response cache off unless FVM_BENCH_RESPONSE_CACHE=1; NODE_ENV=production
// as figure 3 runs it, unless NODE_ENV says otherwise) and sends
// figure 3's two queries at 8 concurrent over keep-alive, alternating registry and bare yoga,
// after a warm-up of each; prints the server's CPU per request (from /proc) and the share
// bare/registry per round and its median.

import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 6);
const perRound = Number(process.argv[3] ?? 5000);
const profileDir = process.argv[4];
const only = process.env.ONLY;
const child = fork(fileURLToPath(new URL('./throughputServers.ts', import.meta.url)), {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  execArgv: [...process.execArgv, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
  env: { FVM_BENCH_RESPONSE_CACHE: '0', NODE_ENV: 'production', ...process.env },
});
const info = await new Promise<{ registryUrl: string; bareUrl: string; token: string }>((resolve) => child.once('message', (m) => resolve(m as never)));
const cpuMs = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

function target(which: 'registry' | 'bare') {
  const url = new URL(which === 'bare' ? info.bareUrl : info.registryUrl);
  const body = JSON.stringify({ query: which === 'bare' ? '{ hello }' : '{ options(first: 3) { nodes { number name } } }' });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json',
    'content-length': Buffer.byteLength(body),
    ...(which === 'bare' ? {} : { authorization: `Bearer ${info.token}` }),
  };
  const expect = which === 'bare' ? '{"data":{"hello":"world"}}' : '{"data":{"options":{"nodes":[{"number":1,';
  return { url, body, headers, expect };
}

async function round(which: 'registry' | 'bare', n: number): Promise<{ cpu: number; rate: number }> {
  const { url, body, headers, expect } = target(which);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => (res.statusCode === 200 && text.startsWith(expect) ? resolve() : reject(new Error(text))));
      });
      req.on('error', reject);
      req.end(body);
    });
  let left = n;
  const cpu0 = cpuMs();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (left-- > 0) await post();
    }),
  );
  const result = { cpu: (cpuMs() - cpu0) / n, rate: (n * 1000) / (performance.now() - t0) };
  agent.destroy();
  return result;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const shares: number[] = [];
const rateShares: number[] = [];
if (only !== 'bare') await round('registry', perRound);
if (only !== 'registry') await round('bare', perRound);
for (let i = 0; i < rounds; i++) {
  const r = only === 'bare' ? null : await round('registry', perRound);
  const b = only === 'registry' ? null : await round('bare', perRound);
  if (r && b) {
    shares.push(b.cpu / r.cpu);
    rateShares.push(r.rate / b.rate);
  }
  console.log(
    `round ${i + 1}: ${r ? `registry ${r.cpu.toFixed(3)} ms CPU/req, ${r.rate.toFixed(0)} req/s` : ''}${b ? `; bare ${b.cpu.toFixed(3)} ms, ${b.rate.toFixed(0)} req/s` : ''}${r && b ? `; share by CPU ${((100 * b.cpu) / r.cpu).toFixed(0)}%, by rate ${((100 * r.rate) / b.rate).toFixed(0)}%` : ''}`,
  );
}
if (shares.length) console.log(`median share by CPU ${(100 * median(shares)).toFixed(0)}%, by rate ${(100 * median(rateShares)).toFixed(0)}%`);
child.send('stop');
await new Promise((resolve) => child.once('exit', resolve));
