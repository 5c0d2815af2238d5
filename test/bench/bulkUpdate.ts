// Figure 1: a bulk update of 10,000 rows through the GraphQL mutation over HTTP, change history
// included, against raw better-sqlite3 doing the same writes in one transaction.
//
// The rows are the bench's own: 10,000 cooperation agreements inserted by SQL, is_demo = 1, owned
// by VGR, updated as a regional_admin. Each run changes the same three columns of every row
// (title, reference, status alternating draft/negotiating, all valid for the domain rules), so
// both sides write the same columns, bump the version, set updated_at and record before/after.
// Product runs and baseline runs alternate, so a noisy neighbour hits both alike.

import { VGR_ORGANISATION_NUMBER } from '@fvm/db';
import type { Registry } from '../support/server';
import { check, globalId, log, median, ms, postGraphQL, RUNS, spread, type ResultRow } from './lib';

const ROWS = 10_000;

/** What a grid client asks for: each row's outcome and, for saved rows, the new version to quote next. */
const FULL_SELECTION = `committed succeeded failed
    results {
      __typename
      ... on RowResult { index }
      ... on AgreementSaved { node { id version } }
      ... on RowInvalid { violations { field code message } }
      ... on RowForbidden { code message }
    }`;
/** The same write answered with outcomes only (no row read back): shows what the answer costs. */
const OUTCOME_SELECTION = `committed succeeded failed
    results {
      __typename
      ... on RowResult { index }
      ... on RowInvalid { violations { field code message } }
      ... on RowForbidden { code message }
    }`;
const mutation = (selection: string) => `mutation BenchBulkUpdate($input: UpdateAgreementsInput!) {
  updateAgreements(input: $input) {
    ${selection}
  }
}`;

interface Payload {
  updateAgreements: {
    committed: boolean;
    succeeded: number;
    failed: number;
    results: { __typename: string; index: number; node?: { id: string; version: number }; violations?: unknown[]; code?: string }[];
  };
}

/** What every bench row looks like after revision `rev`. */
function revision(rev: number, i: number) {
  return { title: `Bench agreement ${i} (rev ${rev})`, reference: `BENCH-${rev}-${i}`, status: rev % 2 === 1 ? 'negotiating' : 'draft' };
}

export async function benchBulkUpdate(registry: Registry): Promise<ResultRow[]> {
  const { sqlite } = registry;
  const vgr = sqlite.prepare('SELECT id FROM organisations WHERE organisation_number = ?').get(VGR_ORGANISATION_NUMBER) as { id: number } | undefined;
  check(vgr, `VGR (organisation number ${VGR_ORGANISATION_NUMBER}) is not in the reference data`);
  const token = registry.token(VGR_ORGANISATION_NUMBER, 'regional_admin');
  const viewer = sqlite.prepare('SELECT id, organisation_id, role FROM api_tokens ORDER BY id DESC LIMIT 1').get() as { id: number; organisation_id: number; role: string };

  // The bench's own rows.
  const insert = sqlite.prepare(`INSERT INTO agreements (kind, title, reference, status, owner_org_id, is_demo) VALUES ('cooperation', ?, ?, 'draft', ?, 1)`);
  const ids: number[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const r = revision(0, i);
      ids.push(Number(insert.run(r.title, r.reference, vgr.id).lastInsertRowid));
    }
  })();
  const firstId = ids[0]!;
  const lastId = ids[ids.length - 1]!;
  check(lastId - firstId === ROWS - 1, 'bench agreements did not get consecutive ids');
  log(`figure 1: inserted ${ROWS} agreements ${firstId}..${lastId}`);

  let rev = 0;
  let version = 1;

  /** Checks that revision `rev` reached every bench row and left exactly one change per row. */
  function verify(label: string, changesBefore: number) {
    const r = revision(rev, 0);
    const updated = sqlite
      .prepare(`SELECT count(*) AS n FROM agreements WHERE id BETWEEN ? AND ? AND version = ? AND reference = 'BENCH-' || ? || '-' || (id - CAST(? AS INTEGER)) AND status = ? AND is_demo = 1 AND owner_org_id = ?`)
      .get(firstId, lastId, version, String(rev), firstId, r.status, vgr!.id) as { n: number };
    check(updated.n === ROWS, `${label}: ${updated.n} of ${ROWS} rows carry revision ${rev} at version ${version}`);
    const recorded = sqlite
      .prepare(
        `SELECT count(*) AS n, count(DISTINCT entity_id) AS rows FROM changes
          WHERE id > ? AND entity = 'Agreement' AND operation = 'update' AND entity_id BETWEEN ? AND ?
            AND json_extract(before, '$.version') = ? AND json_extract(after, '$.version') = ? AND json_extract(after, '$.reference') LIKE ?`,
      )
      .get(changesBefore, firstId, lastId, version - 1, version, `BENCH-${rev}-%`) as { n: number; rows: number };
    const total = (sqlite.prepare('SELECT count(*) AS n FROM changes WHERE id > ?').get(changesBefore) as { n: number }).n;
    check(recorded.n === ROWS && recorded.rows === ROWS && total === ROWS, `${label}: ${recorded.n} matching changes for ${recorded.rows} rows (${total} changes in all), expected ${ROWS}`);
  }
  const maxChangeId = () => (sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM changes').get() as { n: number }).n;

  async function product(selection: string): Promise<number> {
    rev++;
    const rows = ids.map((id, i) => {
      const r = revision(rev, i);
      return { id: globalId('Agreement', id), version, title: r.title, reference: r.reference, status: r.status.toUpperCase() };
    });
    const body = JSON.stringify({ query: mutation(selection), variables: { input: { rows } } });
    const changesBefore = maxChangeId();
    const t0 = performance.now();
    const { status, json } = await postGraphQL<Payload>(registry.url, body, token);
    const elapsed = performance.now() - t0;
    check(status === 200 && !json.errors, `figure 1: the mutation failed (HTTP ${status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
    const p = json.data!.updateAgreements;
    const bad = p.results.find((r) => r.__typename !== 'AgreementSaved');
    check(p.committed && p.succeeded === ROWS && p.failed === 0 && !bad, `figure 1: not every row was saved: ${JSON.stringify({ ...p, results: bad })}`);
    const withNode = selection === FULL_SELECTION;
    check(p.results.length === ROWS && p.results.every((r, i) => r.index === i && (!withNode || r.node!.version === version + 1)), 'figure 1: the results do not report each row in order');
    version++;
    verify('figure 1 (GraphQL)', changesBefore);
    return elapsed;
  }

  const select = sqlite.prepare('SELECT * FROM agreements WHERE id = ?');
  const update = sqlite.prepare('UPDATE agreements SET title = ?, reference = ?, status = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?');
  const record = sqlite.prepare(
    'INSERT INTO changes (at, actor_org_id, actor_token_id, actor_role, entity, entity_id, operation, before, after, owner_org_id) VALUES (?,?,?,?,?,?,?,?,?,?)',
  );
  function baseline(): number {
    rev++;
    const changesBefore = maxChangeId();
    const t0 = performance.now();
    const now = new Date().toISOString();
    sqlite
      .transaction(() => {
        for (let i = 0; i < ids.length; i++) {
          const before = select.get(ids[i]) as Record<string, unknown> & { id: number; version: number; owner_org_id: number };
          const after = { ...before, ...revision(rev, i), version: before.version + 1, updated_at: now };
          const result = update.run(after.title, after.reference, after.status, after.version, now, before.id, before.version);
          if (result.changes !== 1) throw new Error(`baseline: agreement ${before.id} moved`);
          record.run(now, viewer.organisation_id, viewer.id, viewer.role, 'Agreement', before.id, 'update', JSON.stringify(before), JSON.stringify(after), before.owner_org_id);
        }
      })
      .immediate();
    const elapsed = performance.now() - t0;
    version++;
    verify('figure 1 (raw SQL)', changesBefore);
    return elapsed;
  }

  // Warm-up: the first mutation pays for statement preparation and JIT; not counted.
  log('figure 1: warm-up');
  await product(FULL_SELECTION);
  baseline();
  await product(OUTCOME_SELECTION);
  const fvm: number[] = [];
  const base: number[] = [];
  const outcomesOnly: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    fvm.push(await product(FULL_SELECTION));
    base.push(baseline());
    outcomesOnly.push(await product(OUTCOME_SELECTION));
    log(`figure 1: run ${i + 1}/${RUNS}: GraphQL ${ms(fvm[i]!)}, raw SQL ${ms(base[i]!)}, GraphQL without node ${ms(outcomesOnly[i]!)}`);
  }
  const ratio = median(fvm) / median(base);
  const ratioOutcomes = median(outcomesOnly) / median(base);
  const runs = (v: number[]) => `${v.map((x) => x.toFixed(0)).join(', ')} ms (${spread(v, 0)})`;
  return [
    {
      figure: `1. Bulk update of ${ROWS.toLocaleString('en')} agreements with history: GraphQL mutation over HTTP, answer with each row's outcome and node { id version }, vs raw SQL in one transaction`,
      fvm: ms(median(fvm)),
      baseline: ms(median(base)),
      ratio: `${ratio.toFixed(1)}×`,
      target: '≤ 5×',
      met: ratio <= 5,
      details: `GraphQL ${runs(fvm)}; raw SQL ${runs(base)}; every run checked: ${ROWS} rows at the new version and ${ROWS} changes recorded`,
    },
    {
      figure: '1b. Same write, answer with outcomes only (no node: the rows are not read back)',
      fvm: ms(median(outcomesOnly)),
      baseline: ms(median(base)),
      ratio: `${ratioOutcomes.toFixed(1)}×`,
      target: '≤ 5×',
      met: ratioOutcomes <= 5,
      details: `GraphQL ${runs(outcomesOnly)}; same baseline runs`,
    },
  ];
}
