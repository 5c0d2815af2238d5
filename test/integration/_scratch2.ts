import { startRegistry } from '../support/server';
const r = await startRegistry();
async function show(label: string, query: string) {
  const res = await fetch(r.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query }) });
  console.log(label, res.status, (await res.text()).slice(0, 250));
}
// each level: fields
function nest(n: number) {
  // depth n of plain object fields: municipalities > nodes > (association > members > nodes)* > name
  const parts = ['municipalities', 'nodes'];
  const cycle = ['association', 'members', 'nodes'];
  let i = 0;
  while (parts.length < n - 1) parts.push(cycle[i++ % 3]!);
  const leaf = parts[parts.length - 1] === 'association' || parts[parts.length - 1] === 'nodes' ? 'name' : 'totalCount';
  let q = leaf;
  for (const p of parts.reverse()) q = `${p} { ${q} }`;
  return `{ ${q} }`;
}
for (const n of [11, 12, 13, 14]) await show(`depth ${n} ${nest(n)}`, nest(n));
await show('aliases16', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: options { totalCount }`).join(' ')} }`);
await show('cost first literal', '{ municipalities(first: 100) { nodes { name callOffs(first: 10) { totalCount nodes { id } } } } }');
await show('cost first var', 'query($n: Int) { municipalities(first: 100) { nodes { name callOffs(first: $n) { totalCount nodes { id } } } } }');
await r.close();
