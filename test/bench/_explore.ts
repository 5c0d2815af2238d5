import { startRegistry } from '../support/server';
const r = await startRegistry();
const tok = r.token('2321000131', 'regional_admin' as any);
for (const q of [`{ municipalities(first: 100) { edges { node { name code callOffs(first: 10) { nodes { status option { number name } } } } } } }`, `{ agreements(first: 100) { nodes { title parties(first: 50) { nodes { role organisation { name } } } } } }`]) {
const res = await r.gql(q, undefined, tok);
console.log(JSON.stringify(res).length, JSON.stringify(res).slice(0, 300), res.errors);
}
await r.close();
