// Summarises a V8 .cpuprofile: self time by package and by function, and the inclusive time of
// the frames that matter to the registry (resolvers, validation, SQL, JSON). See profile.ts.

import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: summarise-profile.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...self.values()].reduce((a, b) => a + b, 0);

function pkg(url: string): string {
  if (!url) return '(native/gc/idle)';
  const m = url.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1]!;
  const w = url.match(/\/work\/[^/]+\/((?:packages|apps|test)\/[^/]+)/);
  if (w) return w[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}
const where = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/\/work\/[^/]+\//, '')}:${n.callFrame.lineNumber + 1}`;

function tally(key: (n: Node) => string) {
  const m = new Map<string, number>();
  for (const [id, t] of self) {
    const k = key(byId.get(id)!);
    m.set(k, (m.get(k) ?? 0) + t);
  }
  return [...m].sort((a, b) => b[1] - a[1]);
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${t.toFixed(0).padStart(6)} ms`;

console.log(`total sampled ${total.toFixed(0)} ms\n\nSELF TIME BY PACKAGE`);
for (const [k, t] of tally((n) => pkg(n.callFrame.url)).slice(0, top)) console.log(`${pct(t)}  ${k}`);
console.log('\nSELF TIME BY FUNCTION');
for (const [k, t] of tally(where).slice(0, top)) console.log(`${pct(t)}  ${k}`);

// Inclusive time: a sample counts once for every distinct function on its stack.
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = where(byId.get(cur)!);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
}
console.log('\nINCLUSIVE TIME (project frames and a few library entry points)');
const interesting =
  /work\/[^/]+\/(packages|apps)|graphql-armor|validate|execute|parse|JSON|stringify|applyBatch|findMany|mapRelationalRow|viewerForToken|prepare|\.all|\.run|\.get/;
for (const [k, t] of [...inclusive]
  .filter(([k]) => interesting.test(k) || k.includes('packages/') || k.includes('apps/'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top * 2))
  console.log(`${pct(t)}  ${k}`);
