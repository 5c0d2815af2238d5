import { startRegistry } from '../support/server';
const encodeGlobalID = (t: string, id: number) => Buffer.from(`${t}:${id}`).toString('base64');
const r = await startRegistry();
const tok = r.token('2321000131', 'regional_admin' as any);
const vgr = (r.sqlite.prepare(`select id from organisations where organisation_number='2321000131'`).get() as any).id;
const ins = r.sqlite.prepare(`insert into agreements (kind,title,reference,status,owner_org_id,is_demo) values ('cooperation',?,?,'draft',?,1)`);
r.sqlite.transaction(() => { for (let i = 0; i < 10000; i++) ins.run(`Bench agreement ${i}`, `BENCH-0-${i}`, vgr); })();
const rows = r.sqlite.prepare(`select id, version from agreements where is_demo=1 and title like 'Bench agreement %' order by id`).all() as any[];
console.log(rows.length);
const m = `mutation($input: UpdateAgreementsInput!) { updateAgreements(input: $input) { committed succeeded failed results { __typename ... on RowResult { index } ... on AgreementSaved { node { id version } } ... on RowInvalid { violations { field code message } } } } }`;
for (let k = 1; k <= 3; k++) {
  const input = { rows: rows.map((x, i) => ({ id: encodeGlobalID('Agreement', x.id), version: x.version + k - 1, title: `Bench agreement ${i} rev ${k}`, reference: `BENCH-${k}-${i}`, status: 'NEGOTIATING' })) };
  const t0 = performance.now();
  const res = await r.gql(m, { input }, tok);
  const t1 = performance.now();
  console.log(k, (t1 - t0).toFixed(0), 'ms', res.errors, res.data?.updateAgreements.committed, res.data?.updateAgreements.succeeded, JSON.stringify(res.data?.updateAgreements.results.slice(0, 2)));
}
await r.close();
