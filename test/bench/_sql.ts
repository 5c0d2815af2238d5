import { VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { startRegistry } from '../support/server';
import { postGraphQL } from './lib';
const registry = await startRegistry();
const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
const orig = registry.sqlite.prepare.bind(registry.sqlite);
let prep = 0, exec = 0, nprep = 0, bytes = 0;
(registry.sqlite as any).prepare = (s: string) => { const t0 = performance.now(); const st = orig(s); prep += performance.now() - t0; nprep++;
  for (const m of ['all', 'get', 'run', 'values']) { const f = (st as any)[m]?.bind(st); if (!f) continue; (st as any)[m] = (...a: any[]) => { const t = performance.now(); const r = f(...a); exec += performance.now() - t; return r; }; }
  return st; };
const q = process.argv[2] === 'small' ? { query: '{ options(first: 3) { nodes { number name } } }' } : {
    query: `query($m: Int!, $c: Int!, $a: Int!, $p: Int!) {
      municipalities(first: $m) { edges { node { name code callOffs(first: $c) { nodes { status option { number name } } } } } }
      agreements(first: $a) { nodes { title parties(first: $p) { nodes { role organisation { name } } } } } }`,
    variables: { m: 100, c: 10, a: 100, p: 50 } };
const body = JSON.stringify(q);
for (let i = 0; i < 50; i++) await postGraphQL(registry.url, body, token);
prep = exec = nprep = 0;
const N = 200;
const t0 = performance.now();
for (let i = 0; i < N; i++) await postGraphQL(registry.url, body, token);
const total = (performance.now() - t0) / N;
console.log(`per request: total ${total.toFixed(2)} ms, prepare ${(prep / N).toFixed(2)} ms (${nprep / N} statements), SQL step ${(exec / N).toFixed(2)} ms`);
await registry.close();
