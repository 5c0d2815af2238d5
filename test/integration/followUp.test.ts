import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, RESULT_FIELDS, sqlNumber, sqlRows } from './helpers';

// The follow-up (uppföljning) over HTTP on a real SQLite file: the 2019 table and the May 2020
// status report read through GraphQL as loaded from the seeds, bulk updates with one result per
// row and their history, and the rights: VästKom (the owner) and a regional admin change the
// rows, another organisation's admin may not, a demo token reads them but changes none.

const GOAL_FIELDS =
  'id version year position section heading goal activity budget budgetText timeAssessment timePercent timeNote goalStatus trend comment owner { name }';
const GOAL_RESULTS = `${RESULT_FIELDS}
  results {
    ... on FollowUpGoalSaved { node { ${GOAL_FIELDS} } warnings { code } }
    ... on FollowUpGoalConflict { yourVersion current { version comment } }
  }`;
const REPORT_RESULTS = `${RESULT_FIELDS}
  results { ... on FollowUpStatusReportSaved { node { id version month summary plan owner { name } } } }`;
const updateGoals = `mutation($input: UpdateFollowUpGoalsInput!) { updateFollowUpGoals(input: $input) { ${GOAL_RESULTS} } }`;
const createGoals = `mutation($input: CreateFollowUpGoalsInput!) { createFollowUpGoals(input: $input) { ${GOAL_RESULTS} } }`;
const createReports = `mutation($input: CreateFollowUpStatusReportsInput!) { createFollowUpStatusReports(input: $input) { ${REPORT_RESULTS} } }`;

const NATIONAL = 'PROJEKT / ARBETEN SOM DRIVS NATIONELLT';
const WITH_VGR = 'PROJEKT / ARBETEN SOM DRIVS I SAMVERKAN MED VÄSTRA GÖTALANDSREGIONEN';
const FOR_MUNICIPALITIES = 'PROJEKT / ARBETEN SOM DRIVS FÖR KOMMUNERNA I VÄSTRA GÖTALAND';

let registry: Registry;
let vastkomId: number;
let vastkomAdmin: string;
let regionAdmin: string;
let borasAdmin: string;
let goteborgAnalyst: string;

interface Goal {
  id: string;
  version: number;
  position: number;
  section: string;
  heading: string | null;
  goal: string | null;
  activity: string | null;
  budget: number | null;
  budgetText: string | null;
  timeAssessment: string | null;
  timePercent: number | null;
  timeNote: string | null;
  goalStatus: string | null;
  trend: string | null;
  comment: string | null;
  owner: { name: string } | null;
}

async function goals(token?: string, args = 'first: 100'): Promise<{ totalCount: number; nodes: Goal[] }> {
  return ok(await registry.gql(`{ followUpGoals(${args}) { totalCount nodes { ${GOAL_FIELDS} } } }`, undefined, token)).followUpGoals;
}

beforeAll(async () => {
  registry = await startRegistry({ demoSignIn: true });
  vastkomId = await sqlNumber(registry, `select id from organisations where kind = 'collaboration_body' and name = 'VästKom' and is_demo = false`);
  vastkomAdmin = (await registry.stores.tokens.create({ organisationId: vastkomId, role: 'org_admin' })).secret;
  regionAdmin = await registry.newToken('2321000131', 'regional_admin');
  borasAdmin = await registry.newToken('1490', 'org_admin');
  goteborgAnalyst = await registry.newToken('1480', 'analyst');
});
afterAll(() => registry.close());

describe('reading the follow-up', () => {
  it('answers the 2019 table as loaded from seed 002, in the table’s order, section by section', async () => {
    const { totalCount, nodes } = await goals(goteborgAnalyst);
    expect(totalCount).toBe(15);
    expect(nodes.map((n) => n.position)).toEqual(Array.from({ length: 15 }, (_v, i) => i + 1));
    expect([NATIONAL, WITH_VGR, FOR_MUNICIPALITIES].map((s) => nodes.filter((n) => n.section === s).length)).toEqual([3, 10, 2]);
    expect(new Set(nodes.map((n) => n.owner?.name))).toEqual(new Set(['VästKom']));
    expect(nodes[0]).toMatchObject({
      section: NATIONAL,
      goal: 'Västra Götalands kommuner erbjuds nationella tjänster som motsvarar kommunernas behov',
      timeAssessment: 'MORE',
      timePercent: 30,
      goalStatus: null,
      trend: null,
    });
    const gits = nodes.find((n) => n.budget !== null)!;
    expect(gits).toMatchObject({ heading: 'GITS – Förvaltning och fortsatt utveckling', budget: 4_030_000, budgetText: 'Budget: 4 030 000 kronor' });
    expect(nodes.find((n) => n.timePercent === 500)?.heading).toBe(
      'Kommunernas arbete med Framtidens vårdinformationsmiljö - informationsdelning med andra huvudmän',
    );
    expect(nodes.find((n) => n.timeNote !== null)).toMatchObject({ timeNote: 'delreg. satsning', timeAssessment: null });
  });

  it('filters, searches and sorts on the server', async () => {
    expect((await goals(goteborgAnalyst, `first: 100, filter: { section: { eq: "${WITH_VGR}" } }`)).totalCount).toBe(10);
    expect(
      (await goals(goteborgAnalyst, 'first: 100, filter: { timeAssessment: { eq: MORE }, timePercent: { gte: 30 } }')).nodes.map((n) => n.timePercent),
    ).toEqual([30, 30, 500]);
    expect((await goals(goteborgAnalyst, 'first: 100, filter: { goalStatus: { isNull: true } }')).totalCount).toBe(15);
    const sip = await goals(goteborgAnalyst, 'first: 10, filter: { search: "analogt" }');
    expect(sip.nodes.map((n) => n.heading)).toEqual(['SIP']);
    const byBudget = await goals(goteborgAnalyst, 'first: 2, orderBy: [{ field: BUDGET, direction: DESC }]');
    expect(byBudget.nodes.map((n) => n.budget)).toEqual([4_030_000, 100_000]);
  });

  it('answers the May 2020 status report of seed 004', async () => {
    const r = ok(
      await registry.gql('{ followUpStatusReports(first: 10) { totalCount nodes { month summary plan owner { name } } } }', undefined, goteborgAnalyst),
    ).followUpStatusReports;
    expect(r.totalCount).toBe(1);
    expect(r.nodes[0].month).toBe('2020-05');
    expect(r.nodes[0].summary).toMatch(/^Besked har kommit från Cerner och VGR att arbetet med att designa option 2 och 3 kan starta under hösten\./);
    expect(r.nodes[0].plan).toMatch(/anpassning för försening och ny tidplan\.$/);
    expect(r.nodes[0].owner.name).toBe('VästKom');
  });

  it('is read with a token, like the rest of the registry; a demo token reads it as published reference data', async () => {
    expect((await goals()).totalCount).toBe(0);
    expect(ok(await registry.gql('{ followUpStatusReports(first: 1) { totalCount } }')).followUpStatusReports.totalCount).toBe(0);
    const demo = ok(await registry.gql('mutation { signInAsDemoUser(role: ANALYST) }')).signInAsDemoUser as string;
    expect((await goals(demo)).totalCount).toBe(15);
    expect(ok(await registry.gql('{ followUpStatusReports(first: 1) { totalCount } }', undefined, demo)).followUpStatusReports.totalCount).toBe(1);
  });
});

describe('changing the follow-up', () => {
  it('lets VästKom set statuses and comments in one batch, one result per row, with history', async () => {
    const [first, second] = (await goals(vastkomAdmin, 'first: 2')).nodes;
    const r = ok(
      await registry.gql(
        updateGoals,
        {
          input: {
            rows: [
              { id: first!.id, version: first!.version, goalStatus: 'PARTLY_MET', trend: 'POSITIVE', comment: `${first!.comment}\n\nUppföljt 2020.` },
              { id: second!.id, version: second!.version, goalStatus: 'NOT_MET_OR_DROPPED', trend: 'NOT_ASSESSED' },
            ],
          },
        },
        vastkomAdmin,
      ),
    ).updateFollowUpGoals;
    expect(r).toMatchObject({ committed: true, succeeded: 2, failed: 0 });
    expect(r.results.map((x: { __typename: string; index: number }) => [x.__typename, x.index])).toEqual([
      ['FollowUpGoalSaved', 0],
      ['FollowUpGoalSaved', 1],
    ]);
    expect(r.results[0].node).toMatchObject({ version: 2, goalStatus: 'PARTLY_MET', trend: 'POSITIVE', comment: expect.stringMatching(/Uppföljt 2020\.$/) });
    expect(
      await sqlRows(
        registry,
        'select goal_status, trend from follow_up_goals where id in (?, ?) order by id',
        Buffer.from(first!.id, 'base64').toString().split(':')[1],
        Buffer.from(second!.id, 'base64').toString().split(':')[1],
      ),
    ).toEqual([
      { goal_status: 'partly_met', trend: 'positive' },
      { goal_status: 'not_met_or_dropped', trend: 'not_assessed' },
    ]);

    const history = ok(
      await registry.gql(
        `{ node(id: "${first!.id}") { ... on FollowUpGoal { history(first: 5) { totalCount nodes { operation actorRole before after } } } } }`,
        undefined,
        regionAdmin,
      ),
    ).node.history;
    expect(history.totalCount).toBe(1);
    expect(history.nodes[0]).toMatchObject({
      operation: 'UPDATE',
      actorRole: 'ORG_ADMIN',
      before: { goalStatus: null, trend: null, version: 1 },
      after: { goalStatus: 'partly_met', trend: 'positive', version: 2 },
    });
  });

  it('checks the rules per row: a percentage needs its assessment; with allowPartial the valid row commits', async () => {
    const nodes = (await goals(regionAdmin, 'first: 15')).nodes;
    const [a, b] = [nodes[4]!, nodes[5]!];
    const r = ok(
      await registry.gql(
        updateGoals,
        {
          input: {
            allowPartial: true,
            rows: [
              { id: a.id, version: a.version, timePercent: 20 },
              { id: b.id, version: b.version, timeAssessment: 'ABOUT_EQUAL', timePercent: 0 },
            ],
          },
        },
        regionAdmin,
      ),
    ).updateFollowUpGoals;
    expect(r).toMatchObject({ committed: true, succeeded: 1, failed: 1 });
    expect(r.results[0]).toMatchObject({
      __typename: 'RowInvalid',
      index: 0,
      violations: [{ field: 'timePercent', code: 'follow_up.time_percent_without_assessment' }],
    });
    expect(r.results[0].violations[0].messageSv).toContain('mer än, mindre än eller ungefär som planerat');
    expect(r.results[1]).toMatchObject({
      __typename: 'FollowUpGoalSaved',
      node: { timeAssessment: 'ABOUT_EQUAL', timePercent: 0, owner: { name: 'VästKom' } },
    });

    // All or nothing by default: a year out of range stops the batch.
    const c = (await goals(regionAdmin, 'first: 15')).nodes[6]!;
    const stopped = ok(
      await registry.gql(
        updateGoals,
        {
          input: {
            rows: [
              { id: c.id, version: c.version, year: 20019 },
              { id: b.id, version: b.version + 1, comment: 'x' },
            ],
          },
        },
        regionAdmin,
      ),
    ).updateFollowUpGoals;
    expect(stopped.committed).toBe(false);
    expect(stopped.results.map((x: { __typename: string }) => x.__typename)).toEqual(['RowInvalid', 'RowNotApplied']);
    expect(stopped.results[0].violations[0].code).toBe('follow_up.year_out_of_range');
  });

  it('refuses another organisation’s admin, and changes nothing', async () => {
    const target = (await goals(regionAdmin, 'first: 15')).nodes[9]!;
    const before = await sqlRows(registry, 'select * from follow_up_goals order by id');
    const changes = await sqlNumber(registry, 'select count(*) from changes');
    const r = ok(
      await registry.gql(updateGoals, { input: { rows: [{ id: target.id, version: target.version, comment: 'Borås var här' }] } }, borasAdmin),
    ).updateFollowUpGoals;
    expect(r.committed).toBe(false);
    expect(r.results).toEqual([expect.objectContaining({ __typename: 'RowForbidden', index: 0, code: 'auth.not_owner' })]);
    const del = ok(
      await registry.gql(
        `mutation { deleteFollowUpGoals(input: { rows: [{ id: "${target.id}", version: ${target.version} }] }) { ${RESULT_FIELDS} } }`,
        undefined,
        borasAdmin,
      ),
    ).deleteFollowUpGoals;
    expect(del.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
    // An analyst reads but does not write.
    const analyst = ok(
      await registry.gql(updateGoals, { input: { rows: [{ id: target.id, version: target.version, comment: 'x' }] } }, goteborgAnalyst),
    ).updateFollowUpGoals;
    expect(analyst.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.role_cannot_write' });
    expect(await sqlRows(registry, 'select * from follow_up_goals order by id')).toEqual(before);
    expect(await sqlNumber(registry, 'select count(*) from changes')).toBe(changes);
  });

  it('lets a demo token read but not change the real rows; what it creates is demo data', async () => {
    const demo = ok(await registry.gql('mutation { signInAsDemoUser(role: REGIONAL_ADMIN) }')).signInAsDemoUser as string;
    const target = (await goals(demo, 'first: 1')).nodes[0]!;
    const r = ok(await registry.gql(updateGoals, { input: { rows: [{ id: target.id, version: target.version, comment: 'demo' }] } }, demo)).updateFollowUpGoals;
    expect(r.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.demo_only' });
    const created = ok(
      await registry.gql(
        createGoals,
        { input: { rows: [{ year: 2020, position: 1, section: 'Demo: avsnitt', goal: 'Demo: mål', timeAssessment: 'LESS', timePercent: 10 }] } },
        demo,
      ),
    ).createFollowUpGoals;
    expect(created.results[0].__typename).toBe('FollowUpGoalSaved');
    expect(await sqlRows(registry, `select is_demo from follow_up_goals where section = 'Demo: avsnitt'`)).toEqual([{ is_demo: 1 }]);
    // Others do not see it; the demo token does.
    expect((await goals(goteborgAnalyst)).totalCount).toBe(16);
    expect((await goals(demo)).totalCount).toBe(16);
    const other = ok(await registry.gql('mutation { signInAsDemoUser(role: ANALYST) }')).signInAsDemoUser as string;
    expect((await goals(other, 'first: 100, filter: { year: { eq: 2020 } }')).totalCount).toBe(1);
  });

  it('takes one status report per month and owner, the month as YYYY-MM', async () => {
    const june = ok(
      await registry.gql(
        createReports,
        { input: { rows: [{ month: '2020-06', summary: 'Rekryteringen pågår.', plan: 'Designarbetet förbereds.' }] } },
        vastkomAdmin,
      ),
    ).createFollowUpStatusReports;
    expect(june.results[0]).toMatchObject({ __typename: 'FollowUpStatusReportSaved', node: { month: '2020-06', version: 1, owner: { name: 'VästKom' } } });
    const again = ok(
      await registry.gql(
        createReports,
        { input: { rows: [{ month: '2020-05', summary: 'En till' }, { month: 'juni 2020', plan: 'x' }, { month: '2020-07' }], allowPartial: true } },
        vastkomAdmin,
      ),
    ).createFollowUpStatusReports;
    expect(
      again.results.map((x: { __typename: string; violations?: { field: string; code: string }[] }) => [
        x.__typename,
        x.violations?.map((v) => `${v.field}:${v.code}`),
      ]),
    ).toEqual([
      ['RowInvalid', ['ownerOrgId,month:unique']],
      ['RowInvalid', ['month:follow_up.month_format']],
      ['RowInvalid', ['summary,plan:follow_up.report_empty']],
    ]);
    // Newest month first.
    const months = ok(await registry.gql('{ followUpStatusReports(first: 10) { nodes { month } } }', undefined, regionAdmin)).followUpStatusReports.nodes.map(
      (n: { month: string }) => n.month,
    );
    expect(months).toEqual(['2020-06', '2020-05']);
  });

  it('gives a row to its owner: a regional admin creates for VästKom, Borås’s admin only for Borås', async () => {
    const vastkom = gid('Organisation', vastkomId);
    const row = { year: 2020, position: 1, section: NATIONAL, activity: 'Ny aktivitet', ownerId: vastkom };
    const byRegion = ok(await registry.gql(createGoals, { input: { rows: [row] } }, regionAdmin)).createFollowUpGoals;
    expect(byRegion.results[0].node.owner.name).toBe('VästKom');
    const byBoras = ok(await registry.gql(createGoals, { input: { rows: [row] } }, borasAdmin)).createFollowUpGoals;
    expect(byBoras.results[0]).toMatchObject({ __typename: 'RowForbidden', code: 'auth.not_owner' });
  });
});
