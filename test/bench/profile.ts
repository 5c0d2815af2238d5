// Not part of `npm run bench`: drives one figure's registry workload in-process so that
// `node --cpu-prof` can show where the time goes. From test/:
//
//   node --cpu-prof --cpu-prof-dir=/tmp/fvm-prof --import tsx bench/profile.ts bulk|nested|small
//   npx tsx bench/summarise-profile.ts "$(ls -S /tmp/fvm-prof/*.cpuprofile | head -1)"
//
// (Two profiles are written: the larger is the main thread, the other tsx's loader thread.)
// For the server side of figure 3 alone: BENCH_ONLY=3 BENCH_PROFILE_DIR=/tmp/fvm-prof npx tsx bench/run.ts
//
// Workloads: bulk = 5 × updateAgreements of 10,000 rows; nested = 300 nested queries;
// small = 5,000 `options(first: 3)` requests at 8 concurrent; and on a user-log database built
// by figures 4–8 (BENCH_LOG_DIR=… keeps it): logpage <registry.sqlite> = 500 requests for figure 5's
// page (newest), logstats <registry.sqlite> = 50 requests for figure 6's month.
//
// The import itself (figure 4) is profiled as the CLI process, from apps/server/:
//   FVM_DATABASE=/tmp/p.sqlite node --cpu-prof --cpu-prof-dir=/tmp/fvm-prof --import tsx src/cli.ts logs import <file.ndjson> --demo --batch-size 10000

import { VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { startRegistry } from '../support/server';
import { globalId, postGraphQL } from './lib';
import { LOG_PAGE_QUERY } from './logPage';
import { LOG_STATS_QUERY } from './logStatistics';

const workload = process.argv[2] ?? 'bulk';
const logDatabase = workload.startsWith('log') ? process.argv[3] : undefined;
if (workload.startsWith('log') && !logDatabase) throw new Error(`usage: profile.ts ${workload} <registry.sqlite built by figures 4–8>`);
// The response cache off: a profile of repeated requests should show what executing one costs.
const registry = await startRegistry(logDatabase ? { file: logDatabase, demo: false, responseCache: false } : { responseCache: false });
const t0 = performance.now();

if (workload === 'bulk') {
  const token = registry.token(VGR_ORGANISATION_NUMBER, 'regional_admin');
  const vgr = (registry.sqlite.prepare('SELECT id FROM organisations WHERE organisation_number = ?').get(VGR_ORGANISATION_NUMBER) as { id: number }).id;
  const insert = registry.sqlite.prepare(
    `INSERT INTO agreements (kind, title, reference, status, owner_org_id, is_demo) VALUES ('cooperation', ?, ?, 'draft', ?, 1)`,
  );
  const ids: number[] = [];
  registry.sqlite.transaction(() => {
    for (let i = 0; i < 10_000; i++) ids.push(Number(insert.run(`Bench ${i}`, `B-0-${i}`, vgr).lastInsertRowid));
  })();
  const query =
    'mutation($input: UpdateAgreementsInput!) { updateAgreements(input: $input) { committed succeeded failed results { __typename ... on RowResult { index } ... on AgreementSaved { node { id version } } } } }';
  for (let rev = 1; rev <= 5; rev++) {
    const rows = ids.map((id, i) => ({
      id: globalId('Agreement', id),
      version: rev,
      title: `Bench ${i} rev ${rev}`,
      reference: `B-${rev}-${i}`,
      status: rev % 2 ? 'NEGOTIATING' : 'DRAFT',
    }));
    const r = await postGraphQL<{ updateAgreements: { succeeded: number } }>(registry.url, JSON.stringify({ query, variables: { input: { rows } } }), token);
    if (r.json.data?.updateAgreements.succeeded !== 10_000) throw new Error(JSON.stringify(r.json).slice(0, 500));
  }
} else if (workload === 'nested') {
  const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
  const body = JSON.stringify({
    query: `query($m: Int!, $c: Int!, $a: Int!, $p: Int!) {
      municipalities(first: $m) { edges { node { name code callOffs(first: $c) { nodes { status option { number name } } } } } }
      agreements(first: $a) { nodes { title parties(first: $p) { nodes { role organisation { name } } } } } }`,
    variables: { m: 100, c: 10, a: 100, p: 50 },
  });
  for (let i = 0; i < 300; i++) {
    const r = await postGraphQL(registry.url, body, token);
    if (r.json.errors) throw new Error(JSON.stringify(r.json.errors));
  }
} else if (workload === 'small') {
  const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
  const body = JSON.stringify({ query: '{ options(first: 3) { nodes { number name } } }' });
  let left = 5_000;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (left-- > 0) {
        const r = await postGraphQL(registry.url, body, token);
        if (r.json.errors) throw new Error(JSON.stringify(r.json.errors));
      }
    }),
  );
} else if (workload === 'logpage') {
  const owner = registry.sqlite
    .prepare('SELECT data_owner_id FROM user_log_entries WHERE id <= 100000 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1')
    .pluck()
    .get() as number;
  const org = registry.sqlite.prepare('SELECT organisation_number, municipality_code FROM organisations WHERE id = ?').get(owner) as {
    organisation_number: string | null;
    municipality_code: string | null;
  };
  const token = registry.token(org.municipality_code ?? org.organisation_number!, 'log_reviewer');
  const body = JSON.stringify({ query: LOG_PAGE_QUERY, variables: { filter: { dataOwners: [globalId('Organisation', owner)], actions: ['READ'] } } });
  for (let i = 0; i < 500; i++) {
    const r = await postGraphQL(registry.url, body, token);
    if (r.json.errors) throw new Error(JSON.stringify(r.json.errors));
  }
} else if (workload === 'logstats') {
  const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');
  const body = JSON.stringify({ query: LOG_STATS_QUERY, variables: { from: '2025-07-01T00:00:00.000Z', to: '2025-08-01T00:00:00.000Z' } });
  for (let i = 0; i < 50; i++) {
    const r = await postGraphQL(registry.url, body, token);
    if (r.json.errors) throw new Error(JSON.stringify(r.json.errors));
  }
} else throw new Error(`unknown workload ${workload}`);

process.stderr.write(`${workload}: ${(performance.now() - t0).toFixed(0)} ms\n`);
await registry.close();
