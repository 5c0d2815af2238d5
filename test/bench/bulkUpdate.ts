// Figure 1: a bulk update of 10,000 rows through one saveAgreements over HTTP, change history
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
      ... on RowSaved { node { id ... on Agreement { version } } }
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
/** One save (saveAgreements) with every row in `update`: one transaction, as the grid's Save sends it. */
const mutation = (selection: string) => `mutation BenchBulkUpdate($input: SaveAgreementsInput!) {
  saveAgreements(input: $input) {
    ${selection}
  }
}`;

interface Payload {
  saveAgreements: {
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
  const viewer = sqlite.prepare('SELECT id, organisation_id, role FROM api_tokens ORDER BY id DESC LIMIT 1').get() as {
    id: number;
    organisation_id: number;
    role: string;
  };

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
      .prepare(
        `SELECT count(*) AS n FROM agreements WHERE id BETWEEN ? AND ? AND version = ? AND reference = 'BENCH-' || ? || '-' || (id - CAST(? AS INTEGER)) AND status = ? AND is_demo = 1 AND owner_org_id = ?`,
      )
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
    check(
      recorded.n === ROWS && recorded.rows === ROWS && total === ROWS,
      `${label}: ${recorded.n} matching changes for ${recorded.rows} rows (${total} changes in all), expected ${ROWS}`,
    );
  }
  const maxChangeId = () => (sqlite.prepare('SELECT coalesce(max(id), 0) AS n FROM changes').get() as { n: number }).n;

  async function product(selection: string): Promise<number> {
    rev++;
    const rows = ids.map((id, i) => {
      const r = revision(rev, i);
      return { id: globalId('Agreement', id), version, title: r.title, reference: r.reference, status: r.status.toUpperCase() };
    });
    const body = JSON.stringify({ query: mutation(selection), variables: { input: { update: rows } } });
    const changesBefore = maxChangeId();
    const t0 = performance.now();
    const { status, json } = await postGraphQL<Payload>(registry.url, body, token);
    const elapsed = performance.now() - t0;
    check(status === 200 && !json.errors, `figure 1: the mutation failed (HTTP ${status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
    const p = json.data!.saveAgreements;
    const bad = p.results.find((r) => r.__typename !== 'RowSaved');
    check(p.committed && p.succeeded === ROWS && p.failed === 0 && !bad, `figure 1: not every row was saved: ${JSON.stringify({ ...p, results: bad })}`);
    const withNode = selection === FULL_SELECTION;
    check(
      p.results.length === ROWS && p.results.every((r, i) => r.index === i && (!withNode || r.node!.version === version + 1)),
      'figure 1: the results do not report each row in order',
    );
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
          record.run(
            now,
            viewer.organisation_id,
            viewer.id,
            viewer.role,
            'Agreement',
            before.id,
            'update',
            JSON.stringify(before),
            JSON.stringify(after),
            before.owner_org_id,
          );
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
      figure: `1. Bulk update of ${ROWS.toLocaleString('en')} agreements with history: saveAgreements over HTTP, answer with each row's outcome and node { id version }, vs raw SQL in one transaction`,
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

/**
 * Figure 1 with the whole registry on PostgreSQL (figure "1p"): the same 10,000 rows, the same
 * mutation and checks, on a throwaway cluster of Debian's PostgreSQL started for the run (fsync
 * off). Baseline: the same writes as raw SQL on the same database in one transaction, written as
 * one would by hand for PostgreSQL: the rows read in one SELECT, updated by one UPDATE … FROM
 * unnest(…) (each row at its version), their change records (before and after as JSON) stored by
 * one multi-row INSERT.
 */
export async function benchBulkUpdatePostgres(): Promise<ResultRow[]> {
  const { findPostgresBin, startCluster } = await import('../support/postgresCluster');
  const { startRegistry } = await import('../support/server');
  const pg = (await import('pg')).default;
  const bin = findPostgresBin();
  if (!bin) {
    log('figure 1p: no PostgreSQL here (Debian’s postgresql package): skipped');
    return [
      {
        figure: '1p. PostgreSQL (skipped: not installed; apt-get install postgresql)',
        fvm: '–',
        baseline: '–',
        ratio: '–',
        target: '–',
        met: null,
        details: 'no initdb under /usr/lib/postgresql',
      },
    ];
  }
  const cluster = await startCluster(bin);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE fvm_bulk');
  await admin.end();
  const url = Object.assign(new URL(cluster.url), { pathname: '/fvm_bulk' }).toString();
  const registry = await startRegistry({ engine: 'postgresql', postgresDatabase: { url, drop: async () => {} }, demo: false });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows[0] as T;
    const vgr = await one<{ id: number }>('SELECT id FROM organisations WHERE organisation_number = $1', [VGR_ORGANISATION_NUMBER]);
    check(vgr, `VGR (organisation number ${VGR_ORGANISATION_NUMBER}) is not in the reference data`);
    const token = await registry.newToken(VGR_ORGANISATION_NUMBER, 'regional_admin');
    const viewer = await one<{ id: number; organisation_id: number; role: string }>(
      'SELECT id, organisation_id, role FROM api_tokens ORDER BY id DESC LIMIT 1',
    );

    const inserted = await client.query(
      `INSERT INTO agreements (kind, title, reference, status, owner_org_id, is_demo) SELECT 'cooperation', t, r, 'draft', $3, true FROM unnest($1::text[], $2::text[]) AS v(t, r) RETURNING id`,
      [Array.from({ length: ROWS }, (_, i) => revision(0, i).title), Array.from({ length: ROWS }, (_, i) => revision(0, i).reference), vgr.id],
    );
    const ids = inserted.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    const firstId = ids[0]!;
    const lastId = ids[ids.length - 1]!;
    check(ids.length === ROWS && lastId - firstId === ROWS - 1, 'bench agreements did not get consecutive ids');
    log(`figure 1p: inserted ${ROWS} agreements ${firstId}..${lastId} on PostgreSQL`);

    let rev = 0;
    let version = 1;
    const maxChangeId = async () => Number((await one<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM changes')).n);
    async function verify(label: string, changesBefore: number) {
      const r = revision(rev, 0);
      const updated = await one<{ n: string }>(
        `SELECT count(*) AS n FROM agreements WHERE id BETWEEN $1 AND $2 AND version = $3 AND reference = 'BENCH-' || $4::text || '-' || (id - $1)::text AND status = $5 AND is_demo AND owner_org_id = $6`,
        [firstId, lastId, version, String(rev), r.status, vgr!.id],
      );
      check(Number(updated.n) === ROWS, `${label}: ${updated.n} of ${ROWS} rows carry revision ${rev} at version ${version}`);
      const recorded = await one<{ n: string; rows: string; total: string }>(
        `SELECT count(*) FILTER (WHERE entity = 'Agreement' AND operation = 'update' AND entity_id BETWEEN $2 AND $3 AND (before->>'version')::int = $4 AND (after->>'version')::int = $5 AND after->>'reference' LIKE $6) AS n,
                count(DISTINCT entity_id) FILTER (WHERE entity = 'Agreement' AND operation = 'update' AND entity_id BETWEEN $2 AND $3) AS rows, count(*) AS total
           FROM changes WHERE id > $1`,
        [changesBefore, firstId, lastId, version - 1, version, `BENCH-${rev}-%`],
      );
      check(
        Number(recorded.n) === ROWS && Number(recorded.rows) === ROWS && Number(recorded.total) === ROWS,
        `${label}: ${recorded.n} matching changes for ${recorded.rows} rows (${recorded.total} changes in all), expected ${ROWS}`,
      );
    }

    async function product(selection: string): Promise<number> {
      rev++;
      const rows = ids.map((id, i) => {
        const r = revision(rev, i);
        return { id: globalId('Agreement', id), version, title: r.title, reference: r.reference, status: r.status.toUpperCase() };
      });
      const body = JSON.stringify({ query: mutation(selection), variables: { input: { update: rows } } });
      const changesBefore = await maxChangeId();
      const t0 = performance.now();
      const { status, json } = await postGraphQL<Payload>(registry.url, body, token);
      const elapsed = performance.now() - t0;
      check(status === 200 && !json.errors, `figure 1p: the mutation failed (HTTP ${status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
      const p = json.data!.saveAgreements;
      const bad = p.results.find((r) => r.__typename !== 'RowSaved');
      check(p.committed && p.succeeded === ROWS && p.failed === 0 && !bad, `figure 1p: not every row was saved: ${JSON.stringify({ ...p, results: bad })}`);
      const withNode = selection === FULL_SELECTION;
      check(
        p.results.length === ROWS && p.results.every((r, i) => r.index === i && (!withNode || r.node!.version === version + 1)),
        'figure 1p: the results do not report each row in order',
      );
      version++;
      await verify('figure 1p (GraphQL)', changesBefore);
      return elapsed;
    }

    async function baseline(): Promise<number> {
      rev++;
      const changesBefore = await maxChangeId();
      const t0 = performance.now();
      const now = new Date().toISOString();
      await client.query('BEGIN');
      try {
        const { rows: before } = await client.query('SELECT * FROM agreements WHERE id BETWEEN $1 AND $2 ORDER BY id', [firstId, lastId]);
        const after = before.map((b, i) => ({ ...b, ...revision(rev, i), version: b.version + 1, updated_at: now }));
        const updated = await client.query(
          `UPDATE agreements AS a SET title = v.title, reference = v.reference, status = v.status, version = v.version, updated_at = $7
             FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[]) AS v(id, old, title, reference, status, version)
            WHERE a.id = v.id AND a.version = v.old`,
          [
            after.map((a) => a.id),
            before.map((b) => b.version),
            after.map((a) => a.title),
            after.map((a) => a.reference),
            after.map((a) => a.status),
            after.map((a) => a.version),
            now,
          ],
        );
        if (updated.rowCount !== ROWS) throw new Error(`baseline: ${ROWS - (updated.rowCount ?? 0)} agreements moved`);
        // Multi-row VALUES, 1,000 rows a statement: faster here than unnest of json[] or text[] (node-postgres writes array literals slowly).
        for (let i = 0; i < ROWS; i += 1000) {
          const chunk = before.slice(i, i + 1000);
          await client.query(
            `INSERT INTO changes (at, actor_org_id, actor_token_id, actor_role, entity, entity_id, operation, before, after, owner_org_id, is_demo)
             VALUES ${chunk.map((_, j) => `($1, $2, $3, $4, 'Agreement', $${5 + 3 * j}, 'update', $${6 + 3 * j}, $${7 + 3 * j}, ${Number(vgr!.id)}, true)`).join(', ')}`,
            [now, viewer.organisation_id, viewer.id, viewer.role, ...chunk.flatMap((b, j) => [b.id, JSON.stringify(b), JSON.stringify(after[i + j])])],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      const elapsed = performance.now() - t0;
      version++;
      await verify('figure 1p (raw SQL)', changesBefore);
      return elapsed;
    }

    log('figure 1p: warm-up');
    await product(FULL_SELECTION);
    await baseline();
    await product(OUTCOME_SELECTION);
    const fvm: number[] = [];
    const base: number[] = [];
    const outcomesOnly: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      fvm.push(await product(FULL_SELECTION));
      base.push(await baseline());
      outcomesOnly.push(await product(OUTCOME_SELECTION));
      log(`figure 1p: run ${i + 1}/${RUNS}: GraphQL ${ms(fvm[i]!)}, raw SQL ${ms(base[i]!)}, GraphQL without node ${ms(outcomesOnly[i]!)}`);
    }
    const ratio = median(fvm) / median(base);
    const ratioOutcomes = median(outcomesOnly) / median(base);
    const runs = (v: number[]) => `${v.map((x) => x.toFixed(0)).join(', ')} ms (${spread(v, 0)})`;
    return [
      {
        figure: `1p. PostgreSQL: bulk update of ${ROWS.toLocaleString('en')} agreements with history (whole registry on PostgreSQL): saveAgreements over HTTP, answer with each row's outcome and node { id version }, vs raw SQL in one transaction (one SELECT, one UPDATE … FROM unnest, the change records by INSERTs of 1,000 rows)`,
        fvm: ms(median(fvm)),
        baseline: ms(median(base)),
        ratio: `${ratio.toFixed(1)}×`,
        target: '≤ 5× (as 1)',
        met: ratio <= 5,
        details: `GraphQL ${runs(fvm)}; raw SQL ${runs(base)}; every run checked: ${ROWS} rows at the new version and ${ROWS} changes recorded`,
      },
      {
        figure: '1p-b. PostgreSQL: same write, answer with outcomes only (no node: the rows are not read back)',
        fvm: ms(median(outcomesOnly)),
        baseline: ms(median(base)),
        ratio: `${ratioOutcomes.toFixed(1)}×`,
        target: '≤ 5× (as 1b)',
        met: ratioOutcomes <= 5,
        details: `GraphQL ${runs(outcomesOnly)}; same baseline runs`,
      },
    ];
  } finally {
    await client.end();
    await registry.close();
    await cluster.stop();
  }
}
