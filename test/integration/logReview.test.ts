import { generateDemoLogEntries } from '@fvm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, orgId, sqlNumber } from './helpers';

// Log review (loggkontroll) over HTTP: who may set routines, run reviews, see items and record
// findings, and what the overdue checks say before and after a review is done.

let r: Registry;
let tokens: Record<string, string>;
let gbg: number;
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const periodStart = new Date(Date.now() - 120 * DAY).toISOString().slice(0, 10);

const ROUTINE_FIELDS = 'id version name intervalDays owner { name }';
const ITEM_FIELDS = 'id version status rules userHsaId entryCount patientPseudonym reasoning decidedBy decidedAt';

beforeAll(async () => {
  r = await startRegistry({ demo: true });
  gbg = await orgId(r, '1480');
  // Real (not demo) entries: a real routine reviews real entries only.
  const entries = [
    ...generateDemoLogEntries(await r.stores.logs.demoWorld(), 20_000, { seed: 11, startMs: Date.now() - 90 * DAY, endMs: Date.now() - 60_000 }),
  ];
  for (let i = 0; i < entries.length; i += 5000) {
    const appended = await r.stores.logs.append(entries.slice(i, i + 5000), { submittedByOrgId: await orgId(r, '2321000131'), today, nowMs: Date.now() });
    expect(appended.rejected).toEqual([]);
  }
  tokens = {
    gbgAdmin: await r.newToken('1480', 'org_admin'),
    gbgReviewer: await r.newToken('1480', 'log_reviewer'),
    borasAdmin: await r.newToken('1490', 'org_admin'),
    borasReviewer: await r.newToken('1490', 'log_reviewer'),
    regional: await r.newToken('2321000131', 'regional_admin'),
    analyst: await r.newToken('2321000131', 'analyst'),
  };
}, 120_000);
afterAll(() => r.close());

async function createRoutine(token: string, values: Record<string, unknown>) {
  return r.gql(
    `mutation($rows: [LogReviewRoutineCreateInput!]!) { createLogReviewRoutines(input: { rows: $rows }) { committed results { __typename ... on LogReviewRoutineSaved { node { ${ROUTINE_FIELDS} } } ... on RowInvalid { violations { field code } } ... on RowForbidden { code } } } }`,
    { rows: [values] },
    token,
  );
}

async function startRun(token: string, routineId: string, extra: Record<string, unknown> = {}) {
  return r.gql(
    `mutation($input: StartLogReviewRunInput!) { startLogReviewRun(input: $input) { run { id seed selectedEntries itemCount openItems completedOn rules } violations { field code message messageSv } } }`,
    { input: { routineId, periodStart, periodEnd: today, ...extra } },
    token,
  );
}

async function items(token: string, filter: Record<string, unknown> = {}) {
  return r.gql(
    `query($filter: LogReviewItemFilter) { logReviewItems(first: 1000, filter: $filter) { totalCount nodes { ${ITEM_FIELDS} } } }`,
    { filter },
    token,
  );
}

async function updateItems(token: string, rows: Record<string, unknown>[], allowPartial = false) {
  return r.gql(
    `mutation($rows: [LogReviewItemUpdateInput!]!, $p: Boolean) { updateLogReviewItems(input: { rows: $rows, allowPartial: $p }) { committed results { __typename ... on LogReviewItemSaved { node { ${ITEM_FIELDS} } } ... on RowInvalid { violations { field code } } ... on RowForbidden { code } } } }`,
    { rows, p: allowPartial },
    token,
  );
}

describe('log review over HTTP', () => {
  let routineId: string;
  let runId: string;
  let previewedEntries: number;

  it('routines are set by the owner’s org admin only', async () => {
    expect((await createRoutine(tokens.gbgReviewer!, { name: 'Månadskontroll' })).data.createLogReviewRoutines.results[0]).toEqual({
      __typename: 'RowForbidden',
      code: 'auth.role_cannot_write',
    });
    const invalid = await createRoutine(tokens.gbgAdmin!, { name: 'Fel', usualHoursStart: 18, usualHoursEnd: 7, intervalDays: 0 });
    expect(invalid.data.createLogReviewRoutines.results[0].violations).toEqual(
      expect.arrayContaining([
        { field: 'intervalDays', code: 'log_review.routine_value_out_of_range' },
        { field: 'usualHoursEnd', code: 'log_review.usual_hours_empty' },
      ]),
    );
    const created = await createRoutine(tokens.gbgAdmin!, {
      name: 'Månadskontroll',
      intervalDays: 30,
      sampleSize: 25,
      ruleOtherCareProvider: false,
      ruleOutsideUsualHours: false,
    });
    const node = created.data.createLogReviewRoutines.results[0].node;
    expect(node).toMatchObject({ name: 'Månadskontroll', intervalDays: 30, owner: { name: 'Göteborg' } });
    routineId = node.id;
    const foreign = await r.gql(
      `mutation($rows: [LogReviewRoutineUpdateInput!]!) { updateLogReviewRoutines(input: { rows: $rows }) { results { __typename ... on RowForbidden { code } } } }`,
      { rows: [{ id: routineId, version: node.version, intervalDays: 365 }] },
      tokens.borasAdmin,
    );
    expect(foreign.data.updateLogReviewRoutines.results[0]).toEqual({ __typename: 'RowForbidden', code: 'auth.not_owner' });
  });

  it('an owner with entries and no completed review is on the overdue list, with its emergency backlog', async () => {
    const findings = await r.gql(
      `{ registryFindings(checks: [LOG_REVIEW_OVERDUE, EMERGENCY_ACCESS_NOT_REVIEWED]) { check subjectId message messageSv organisation { name } } }`,
      {},
      tokens.analyst,
    );
    const mine = findings.data.registryFindings.filter((f: { organisation: { name: string } | null }) => f.organisation?.name === 'Göteborg');
    expect(mine.map((f: { check: string }) => f.check).sort()).toEqual(['EMERGENCY_ACCESS_NOT_REVIEWED', 'LOG_REVIEW_OVERDUE']);
    expect(mine.find((f: { check: string }) => f.check === 'LOG_REVIEW_OVERDUE').subjectId).toBe(routineId);
    expect(mine.find((f: { check: string }) => f.check === 'LOG_REVIEW_OVERDUE').messageSv).toMatch(/har aldrig slutförts; intervallet är 30 dagar/);
    // Borås has entries but no routine at all.
    expect(
      findings.data.registryFindings.some(
        (f: { organisation: { name: string } | null; message: string }) => f.organisation?.name === 'Borås' && /no log review routine/.test(f.message),
      ),
    ).toBe(true);
  });

  it('only the data owner’s log reviewer may start a run; others are told why, and a bad period is named', async () => {
    for (const who of ['borasReviewer', 'gbgAdmin', 'regional', 'analyst']) {
      const answer = await startRun(tokens[who]!, routineId);
      expect(answer.data.startLogReviewRun, who).toMatchObject({ run: null, violations: [{ field: 'routineId', code: 'auth.not_log_reviewer' }] });
    }
    const future = await startRun(tokens.gbgReviewer!, routineId, { periodEnd: new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10) });
    expect(future.data.startLogReviewRun.violations).toEqual([expect.objectContaining({ field: 'periodEnd', code: 'log_review.period_in_future' })]);
    const missing = await startRun(tokens.gbgReviewer!, gid('LogReviewRoutine', 99_999));
    expect(missing.data.startLogReviewRun.violations).toEqual([expect.objectContaining({ field: 'routineId', code: 'reference.missing' })]);
  });

  it('a preview counts the selection per rule without making a run, for the owner’s reviewers and admins alone, and records the read', async () => {
    const preview = (token: string | undefined, extra: Record<string, unknown> = {}) =>
      r.gql(
        `mutation($input: PreviewLogReviewSelectionInput!) { previewLogReviewSelection(input: $input) { preview { seed selectedEntries byRule { rule entries } } violations { field code } } }`,
        { input: { routineId, periodStart, periodEnd: today, ...extra } },
        token,
      );
    const runs = await sqlNumber(r, 'select count(*) from log_review_runs');
    const reads = await sqlNumber(r, `select count(*) from user_log_reads where purpose = 'log_review_preview'`);
    const byReviewer = (await preview(tokens.gbgReviewer!, { seed: 4242 })).data.previewLogReviewSelection;
    expect(byReviewer.violations).toEqual([]);
    expect(byReviewer.preview.seed).toBe(4242);
    const count = (rule: string) => byReviewer.preview.byRule.find((x: { rule: string }) => x.rule === rule).entries;
    expect(count('EMERGENCY_ACCESS')).toBe(
      await sqlNumber(r, `select count(*) from user_log_entries where data_owner_id = ? and basis = 'emergency_access' and is_demo = false`, gbg),
    );
    expect(count('RANDOM_SAMPLE')).toBe(25);
    expect(count('OTHER_CARE_PROVIDER')).toBe(0); // switched off in this routine
    expect(byReviewer.preview.selectedEntries).toBeGreaterThanOrEqual(Math.max(...byReviewer.preview.byRule.map((x: { entries: number }) => x.entries)));
    // The org admin who tunes the routine may count too, and gets the same counts for the same seed.
    expect((await preview(tokens.gbgAdmin!, { seed: 4242 })).data.previewLogReviewSelection.preview).toEqual(byReviewer.preview);
    for (const who of ['borasReviewer', 'borasAdmin', 'regional', 'analyst']) {
      expect((await preview(tokens[who]!)).data.previewLogReviewSelection, who).toMatchObject({
        preview: null,
        violations: [{ field: 'routineId', code: 'auth.not_log_reviewer' }],
      });
    }
    // Without a token: no counts, and nothing said about whether the routine exists.
    const anonymous = (await preview(undefined)).data.previewLogReviewSelection;
    expect(anonymous.preview).toBeNull();
    expect(anonymous.violations).toHaveLength(1);
    expect(await sqlNumber(r, 'select count(*) from log_review_runs')).toBe(runs);
    expect(await sqlNumber(r, `select count(*) from user_log_reads where purpose = 'log_review_preview'`)).toBe(reads + 2);
    previewedEntries = byReviewer.preview.selectedEntries;
  });

  it('a run selects every emergency access and a seeded sample, grouped per user and patient, and records the read', async () => {
    const reads = await sqlNumber(r, `select count(*) from user_log_reads where purpose = 'log_review_selection'`);
    const answer = await startRun(tokens.gbgReviewer!, routineId, { seed: 4242 });
    const run = answer.data.startLogReviewRun.run;
    expect(answer.data.startLogReviewRun.violations).toEqual([]);
    expect(run).toMatchObject({ seed: 4242, completedOn: null });
    expect(run.rules).toEqual(expect.arrayContaining(['EMERGENCY_ACCESS', 'RANDOM_SAMPLE', 'RARE_PAIR']));
    expect(run.rules).not.toContain('OTHER_CARE_PROVIDER');
    expect(run.itemCount).toBe(run.openItems);
    const emergencies = await sqlNumber(
      r,
      `select count(*) from user_log_entries where data_owner_id = ? and basis = 'emergency_access' and is_demo = false`,
      gbg,
    );
    expect(emergencies).toBeGreaterThan(0);
    expect(
      await sqlNumber(
        r,
        `select count(*) from log_review_selections s join user_log_entries e on e.id = s.entry_id where s.run_id = ? and e.basis = 'emergency_access'`,
        Number(Buffer.from(run.id, 'base64').toString().split(':')[1]),
      ),
    ).toBe(emergencies);
    expect(await sqlNumber(r, `select count(*) from user_log_reads where purpose = 'log_review_selection'`)).toBe(reads + 1);
    // The preview with the same seed counted exactly this selection.
    expect(run.selectedEntries).toBe(previewedEntries);
    runId = run.id;
    // The same seed selects the same entries: anyone can re-run it.
    const again = (await startRun(tokens.gbgReviewer!, routineId, { seed: 4242 })).data.startLogReviewRun.run;
    expect(again.selectedEntries).toBe(run.selectedEntries);
  });

  it('review items are seen by the owner’s log reviewers alone, their history too, and a hidden item answers like a missing one', async () => {
    const mine = await items(tokens.gbgReviewer!, { runId: { eq: runId } });
    expect(mine.data.logReviewItems.totalCount).toBeGreaterThan(0);
    const item = mine.data.logReviewItems.nodes[0];
    expect(item.patientPseudonym).toMatch(/^[0-9a-f]{32}$/);
    for (const who of ['borasReviewer', 'gbgAdmin', 'regional', 'analyst']) {
      expect((await items(tokens[who]!)).data.logReviewItems.totalCount, who).toBe(0);
      expect((await r.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: item.id }, tokens[who])).data.node, who).toBeNull();
      const history = await r.gql(`{ changes(filter: { entity: { eq: "LogReviewItem" } }) { totalCount } }`, {}, tokens[who]);
      expect(history.data.changes.totalCount, who).toBe(0);
      const run = await r.gql(
        `query($id: ID!) { node(id: $id) { ... on LogReviewRun { itemCount items(first: 5) { totalCount } } } }`,
        { id: runId },
        tokens[who],
      );
      expect(run.data.node.items.totalCount, who).toBe(0);
    }
    const hidden = await r.raw(
      `mutation($rows: [LogReviewItemUpdateInput!]!) { updateLogReviewItems(input: { rows: $rows }) { results { __typename ... on RowResult { index } ... on RowNotFound { message } } } }`,
      { rows: [{ id: item.id, version: item.version, status: 'JUSTIFIED' }] },
      tokens.borasReviewer,
    );
    const missing = await r.raw(
      `mutation($rows: [LogReviewItemUpdateInput!]!) { updateLogReviewItems(input: { rows: $rows }) { results { __typename ... on RowResult { index } ... on RowNotFound { message } } } }`,
      { rows: [{ id: gid('LogReviewItem', 9_999_999), version: 1, status: 'JUSTIFIED' }] },
      tokens.borasReviewer,
    );
    expect(hidden).toBe(missing);
    expect(hidden).toContain('RowNotFound');
  });

  it('shows why each entry was chosen, and that reading them is logged', async () => {
    const reads = await sqlNumber(r, `select count(*) from user_log_reads where purpose = 'log_review'`);
    const answer = await r.gql(
      `query($filter: LogReviewItemFilter) { logReviewItems(first: 3, filter: $filter) { nodes { entryCount selectedEntries { rules entry { entryId basis action careUnit } } } } }`,
      { filter: { runId: { eq: runId }, rule: 'EMERGENCY_ACCESS' } },
      tokens.gbgReviewer,
    );
    const nodes = answer.data.logReviewItems.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.selectedEntries).toHaveLength(n.entryCount);
      expect(
        n.selectedEntries.some(
          (s: { rules: string[]; entry: { basis: string } }) => s.rules.includes('EMERGENCY_ACCESS') && s.entry.basis === 'EMERGENCY_ACCESS',
        ),
      ).toBe(true);
    }
    expect(await sqlNumber(r, `select count(*) from user_log_reads where purpose = 'log_review'`)).toBe(reads + nodes.length);
  });

  it('findings are validated, kept in history, never reopened, and completing the run takes the owner off the overdue list', async () => {
    const all = (await items(tokens.gbgReviewer!, { runId: { eq: runId } })).data.logReviewItems.nodes;
    const bare = await updateItems(tokens.gbgReviewer!, [{ id: all[0].id, version: all[0].version, status: 'JUSTIFIED' }]);
    expect(bare.data.updateLogReviewItems.results[0].violations).toEqual(
      expect.arrayContaining([
        { field: 'reasoning', code: 'log_review.reasoning_required' },
        { field: 'decidedBy', code: 'log_review.decided_by_required' },
      ]),
    );
    const caseOnJustified = await updateItems(tokens.gbgReviewer!, [
      { id: all[0].id, version: all[0].version, status: 'JUSTIFIED', reasoning: 'Vårdrelation finns', decidedBy: 'Granskare', caseAction: 'TALK_WITH_USER' },
    ]);
    expect(caseOnJustified.data.updateLogReviewItems.results[0].violations).toEqual([{ field: 'caseAction', code: 'log_review.case_needs_unjustified' }]);

    const rows = all.map((n: { id: string; version: number }, i: number) =>
      i === 0
        ? {
            id: n.id,
            version: n.version,
            status: 'UNJUSTIFIED',
            reasoning: 'Ingen vårdrelation',
            decidedBy: 'Granskare G',
            caseAction: 'TALK_WITH_USER',
            caseOutcome: 'Samtal hållet',
          }
        : { id: n.id, version: n.version, status: 'JUSTIFIED', reasoning: 'Vårdrelation finns', decidedBy: 'Granskare G' },
    );
    const saved = await updateItems(tokens.gbgReviewer!, rows);
    expect(saved.data.updateLogReviewItems.committed).toBe(true);
    const first = saved.data.updateLogReviewItems.results[0].node;
    expect(first).toMatchObject({ status: 'UNJUSTIFIED', decidedBy: 'Granskare G' });
    expect(first.decidedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const reopen = await updateItems(tokens.gbgReviewer!, [{ id: first.id, version: first.version, status: 'OPEN' }]);
    expect(reopen.data.updateLogReviewItems.results[0].violations).toEqual(
      expect.arrayContaining([{ field: 'status', code: 'log_review.decision_not_reopened' }]),
    );
    const history = await r.gql(
      `query($id: ID!) { node(id: $id) { ... on LogReviewItem { history(first: 10) { totalCount } } } }`,
      { id: first.id },
      tokens.gbgReviewer,
    );
    expect(history.data.node.history.totalCount).toBe(2);

    const run = await r.gql(
      `query($id: ID!) { node(id: $id) { ... on LogReviewRun { openItems completedOn statistics { byRule { rule items unjustifiedItems } } } } }`,
      { id: runId },
      tokens.analyst,
    );
    expect(run.data.node).toMatchObject({ openItems: 0, completedOn: today });
    const findings = await r.gql(`{ registryFindings(checks: [LOG_REVIEW_OVERDUE]) { subjectId } }`, {}, tokens.analyst);
    expect(findings.data.registryFindings.map((f: { subjectId: string }) => f.subjectId)).not.toContain(routineId);
  });

  it('analysts see the statistics per rule, with no user or patient in them', async () => {
    const stats = await r.gql(
      `query($orgs: [ID!]) { logReviewStatistics(organisations: $orgs) { runs completedRuns items byStatus { status items } byRule { rule selectedEntries items decidedItems unjustifiedItems unjustifiedRate } } }`,
      { orgs: [gid('Organisation', gbg)] },
      tokens.analyst,
    );
    const s = stats.data.logReviewStatistics;
    expect(s.runs).toBe(2);
    expect(s.completedRuns).toBe(1);
    expect(s.byStatus.find((x: { status: string }) => x.status === 'UNJUSTIFIED').items).toBe(1);
    const emergency = s.byRule.find((x: { rule: string }) => x.rule === 'EMERGENCY_ACCESS');
    expect(emergency.selectedEntries).toBeGreaterThan(0);
    expect(s.byRule.reduce((n: number, x: { unjustifiedItems: number }) => n + x.unjustifiedItems, 0)).toBeGreaterThan(0);
    expect((await r.gql(`{ logReviewStatistics { runs } }`)).errors?.[0]?.message).toMatch(/token/);
  });
});
