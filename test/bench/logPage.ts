import type { UserLogRow } from '@fvm/db';
// Figure 5: a filtered page of 100 user log entries over HTTP, at the newest entries ("shallow")
// and at about the middle of the log ("deep": a cursor at the entry half of BENCH_LOG_ENTRIES
// from the newest, 5 million at the default size), against the same page read with hand-written
// SQL (readUserLogPage's WHERE, ORDER BY and LIMIT, the reviewer's scope included) and
// serialised with JSON.stringify, served by a bare node:http endpoint to the same client.
//
// The viewer is a log reviewer (logggranskare) of the organisation that owns the most entries;
// the filter: entries about that organisation's data (dataOwners) that are reads (actions: READ).
// The page asks for every field of an entry, the organisations' and category's names, the
// cursors and pageInfo. The registry also records every read in user_log_reads (the law wants
// reads of the log logged): part of the product's cost, not of the baseline's.
// Before timing, both answers must be byte-identical.

import { recordUserLogRead, type Sqlite } from '@fvm/db';
import type { Registry } from '../support/server';
import { check, globalId, log, median, ms, RUNS, spread, type ResultRow } from './lib';
import { assertSameJson, bareEndpoint, fetchText, timeInProcess, timeRequests } from './logHttp';
import { fmtInt } from './logData';

const BATCH = 20;
const PAGE = 100;

export const LOG_PAGE_QUERY = `query ReviewPage($filter: UserLogFilter, $after: String) {
  userLogs(first: ${PAGE}, after: $after, filter: $filter) {
    edges { cursor node { entryId occurredAt userHsaId userName userProfession careProvider { name } careUnit action patientPseudonym category { code } dataOwner { name } basis device sourceSystem sourceEntryId outcome } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Row = UserLogRow;

const cursorOf = (occurredAt: number, id: number) => Buffer.from(`L:${occurredAt}:${id}`).toString('base64url');

/** What a developer would write for this page: one prepared statement, names from small maps loaded once. */
function handWritten(sqlite: Sqlite, ownerId: number, cursor: { occurredAt: number; id: number } | null): { read: () => string; plan: string } {
  const names = new Map((sqlite.prepare('SELECT id, name FROM organisations').all() as { id: number; name: string }[]).map((o) => [o.id, o.name]));
  const codes = new Map((sqlite.prepare('SELECT id, code FROM information_categories').all() as { id: number; code: string }[]).map((c) => [c.id, c.code]));
  const text =
    'SELECT * FROM user_log_entries WHERE (data_owner_id = ? OR care_provider_id = ?) AND data_owner_id = ? AND action = ?' +
    (cursor ? ' AND (occurred_at, id) < (?, ?)' : '') +
    ` ORDER BY occurred_at DESC, id DESC LIMIT ${PAGE + 1}`;
  const params: unknown[] = [ownerId, ownerId, ownerId, 'read', ...(cursor ? [cursor.occurredAt, cursor.id] : [])];
  const stmt = sqlite.prepare(text);
  const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
  const read = () => {
    const rows = stmt.all(...params) as Row[];
    const hasNextPage = rows.length > PAGE;
    if (hasNextPage) rows.pop();
    const edges = rows.map((r) => ({
      cursor: cursorOf(r.occurred_at, r.id),
      node: {
        entryId: r.id,
        occurredAt: new Date(r.occurred_at).toISOString(),
        userHsaId: r.user_hsa_id,
        userName: r.user_name,
        userProfession: r.user_profession,
        careProvider: { name: names.get(r.care_provider_id) },
        careUnit: r.care_unit,
        action: r.action.toUpperCase(),
        patientPseudonym: r.patient_pseudonym.toString('hex'),
        category: { code: codes.get(r.category_id) },
        dataOwner: { name: names.get(r.data_owner_id) },
        basis: r.basis.toUpperCase(),
        device: r.device.toUpperCase(),
        sourceSystem: r.source_system,
        sourceEntryId: r.source_entry_id,
        outcome: r.outcome.toUpperCase(),
      },
    }));
    return JSON.stringify({ data: { userLogs: { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } } } });
  };
  return { read, plan };
}

export async function benchLogPage(registry: Registry, entries: number): Promise<{ rows: ResultRow[]; notes: string[] }> {
  const { sqlite } = registry;
  // The organisation owning the most entries (counted over the first 100,000: the mix is the same throughout).
  const ownerId = sqlite
    .prepare('SELECT data_owner_id FROM user_log_entries WHERE id <= 100000 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1')
    .pluck()
    .get() as number;
  const owner = sqlite.prepare('SELECT id, name, organisation_number, municipality_code FROM organisations WHERE id = ?').get(ownerId) as {
    id: number;
    name: string;
    organisation_number: string | null;
    municipality_code: string | null;
  };
  const token = registry.token(owner.municipality_code ?? owner.organisation_number!, 'log_reviewer');
  const filter = { dataOwners: [globalId('Organisation', owner.id)], actions: ['READ'] };

  const depth = Math.floor(entries / 2);
  const t0 = performance.now();
  const deepRow = sqlite
    .prepare('SELECT occurred_at AS occurredAt, id FROM user_log_entries ORDER BY occurred_at DESC, id DESC LIMIT 1 OFFSET ?')
    .get(depth) as { occurredAt: number; id: number };
  log(
    `figure 5: the entry ${fmtInt(depth)} from the newest is ${deepRow.id} at ${new Date(deepRow.occurredAt).toISOString()} (found by OFFSET in ${ms(performance.now() - t0)}); reviewer of ${owner.name}`,
  );

  const cases = {
    shallow: { after: null as string | null, sql: handWritten(sqlite, ownerId, null) },
    deep: { after: cursorOf(deepRow.occurredAt, deepRow.id), sql: handWritten(sqlite, ownerId, deepRow) },
  };
  const endpoint = await bareEndpoint({ shallow: cases.shallow.sql.read, deep: cases.deep.sql.read });
  try {
    const body = (after: string | null) => JSON.stringify({ query: LOG_PAGE_QUERY, variables: { filter, after } });
    const expected: Record<string, string> = {};
    const shape: string[] = [];
    for (const [name, c] of Object.entries(cases)) {
      const product = await fetchText(registry.url, body(c.after), token);
      check(product.status === 200 && !JSON.parse(product.text).errors, `figure 5 (${name}): HTTP ${product.status}: ${product.text.slice(0, 500)}`);
      expected[name] = c.sql.read();
      assertSameJson(`figure 5 (${name})`, product.text, expected[name]!);
      const page = JSON.parse(expected[name]!) as { data: { userLogs: { edges: { node: { occurredAt: string; entryId: number } }[] } } };
      const edges = page.data.userLogs.edges;
      check(edges.length === PAGE, `figure 5 (${name}): the page holds ${edges.length} entries, not ${PAGE}`);
      shape.push(
        `${name}: entries ${edges[0]!.node.entryId}…${edges.at(-1)!.node.entryId} (${edges[0]!.node.occurredAt} back to ${edges.at(-1)!.node.occurredAt}), ${(expected[name]!.length / 1024).toFixed(0)} KiB; plan: ${c.sql.plan}`,
      );
    }
    log('figure 5: answers identical; warm-up');

    const lengths = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.length]));
    // The registry's answer may differ in length from the baseline's only by formatting: take its own.
    const productLengths: Record<string, number> = {};
    for (const [name, c] of Object.entries(cases)) productLengths[name] = (await fetchText(registry.url, body(c.after), token)).text.length;
    const times = {
      shallow: { fvm: [] as number[], http: [] as number[], inproc: [] as number[] },
      deep: { fvm: [] as number[], http: [] as number[], inproc: [] as number[] },
    };
    const round = async (record: boolean) => {
      for (const [name, c] of Object.entries(cases) as [keyof typeof cases, (typeof cases)['shallow']][]) {
        const f = await timeRequests(BATCH, registry.url, body(c.after), productLengths[name]!, token, `figure 5 (${name})`);
        const h = await timeRequests(BATCH, endpoint.url(name), '{}', lengths[name]!, undefined, `figure 5 baseline (${name})`);
        const p = timeInProcess(BATCH, c.sql.read, expected[name]!.length, `figure 5 in-process (${name})`);
        if (record) {
          times[name].fvm.push(f);
          times[name].http.push(h);
          times[name].inproc.push(p);
        }
      }
    };
    await round(false);
    for (let i = 0; i < RUNS; i++) {
      await round(true);
      log(
        `figure 5: run ${i + 1}/${RUNS}: shallow GraphQL ${ms(times.shallow.fvm[i]!)} vs SQL over HTTP ${ms(times.shallow.http[i]!)}; deep GraphQL ${ms(times.deep.fvm[i]!)} vs ${ms(times.deep.http[i]!)}`,
      );
    }

    // What the product's read record costs on its own (recordUserLogRead: an INSERT and its commit).
    const r0 = performance.now();
    for (let i = 0; i < BATCH; i++)
      recordUserLogRead(sqlite, registry.logKeys, {
        at: new Date().toISOString(),
        tokenId: null,
        organisationId: owner.id,
        role: 'log_reviewer',
        purpose: 'bench',
        filter,
        entryCount: PAGE,
      });
    const recordMs = (performance.now() - r0) / BATCH;

    const runs = (v: number[]) => `${v.map((x) => x.toFixed(2)).join(', ')} ms (${spread(v, 2)})`;
    const rows: ResultRow[] = [];
    for (const name of ['shallow', 'deep'] as const) {
      const t = times[name];
      const ratio = median(t.fvm) / median(t.http);
      rows.push({
        figure: `5${name === 'shallow' ? 'a' : 'b'}. Filtered page of ${PAGE} user log entries over HTTP (log reviewer; dataOwners + actions filter; every field), ${name === 'shallow' ? 'newest entries' : `${fmtInt(depth)} entries deep (keyset cursor)`}, vs the same SQL + JSON.stringify served by a bare node:http endpoint`,
        fvm: ms(median(t.fvm)),
        baseline: ms(median(t.http)),
        ratio: `${ratio.toFixed(1)}×`,
        target: '≤ 2×',
        met: ratio <= 2,
        details: `mean of ${BATCH} sequential requests per run; GraphQL ${runs(t.fvm)}; SQL over HTTP ${runs(t.http)}; SQL + JSON.stringify in-process ${runs(t.inproc)} (${(median(t.fvm) / median(t.inproc)).toFixed(1)}× of that floor); ${shape[name === 'shallow' ? 0 : 1]}`,
      });
    }
    const depthRatio = median(times.deep.fvm) / median(times.shallow.fvm);
    rows.push({
      figure: `5c. Same page: ${fmtInt(depth)} entries deep vs newest (registry over HTTP, deep/shallow)`,
      fvm: ms(median(times.deep.fvm)),
      baseline: ms(median(times.shallow.fvm)),
      ratio: `${depthRatio.toFixed(2)}×`,
      target: '≤ 1.5×',
      met: depthRatio <= 1.5,
      details: `hand-written SQL over HTTP: deep/shallow ${(median(times.deep.http) / median(times.shallow.http)).toFixed(2)}×; in-process ${(median(times.deep.inproc) / median(times.shallow.inproc)).toFixed(2)}×`,
    });
    const notes = [
      `Figure 5: of the registry's time per page, recording the read in user_log_reads (one INSERT and its commit, not waiting for the disk: see recordUserLogRead) costs ${ms(recordMs)} measured alone; the baseline does not record reads. The registry's page runs compiled (graphql-jit, see apps/server/src/compiledReads.ts).`,
    ];
    return { rows, notes };
  } finally {
    await endpoint.close();
  }
}
