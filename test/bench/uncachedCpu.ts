// Not part of `npm run bench`: CPU time per request of the uncached path, in-process, for the
// design note's breakdown (a loaded machine blurs wall-clock time; CPU time much less). Each
// variant is its own server over the same database; requests alternate between them.
//
//   npx tsx bench/uncachedCpu.ts [requests per variant, default 200]

import { VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { startRegistry } from '../support/server';

const N = Number(process.argv[2] ?? 200);
const NESTED = `{
  municipalities(first: 100) { edges { node { name code callOffs(first: 10) { nodes { status option { number name } } } } } }
  agreements(first: 100) { nodes { title parties(first: 50) { nodes { role organisation { name } } } } }
}`;
const SMALL = '{ options(first: 3) { nodes { number name } } }';

const base = await startRegistry({ responseCache: false });
const interpreted = await startRegistry({
  responseCache: false,
  plannedReads: false,
  sharing: { engine: 'sqlite', database: base.database, logKeys: base.logKeys },
});
const token = base.token(VGR_ORGANISATION_NUMBER, 'analyst');

async function post(url: string, query: string) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return r.text();
}

for (const [name, query] of [
  ['nested', NESTED],
  ['small', SMALL],
] as const) {
  const a = await post(base.url, query);
  const b = await post(interpreted.url, query);
  if (a !== b) throw new Error(`${name}: the planned and interpreted answers differ`);
  const cpu: Record<string, number> = { planned: 0, interpreted: 0 };
  for (let i = 0; i < 20; i++) {
    await post(base.url, query);
    await post(interpreted.url, query);
  }
  for (let i = 0; i < N; i++) {
    for (const [variant, url] of [
      ['planned', base.url],
      ['interpreted', interpreted.url],
    ] as const) {
      const t = process.cpuUsage();
      await post(url, query);
      const d = process.cpuUsage(t);
      cpu[variant]! += (d.user + d.system) / 1000;
    }
  }
  console.log(
    `${name}: CPU per request (client and server in this process) planned ${(cpu.planned! / N).toFixed(2)} ms, interpreted ${(cpu.interpreted! / N).toFixed(2)} ms`,
  );
}
await interpreted.close();
await base.close();
