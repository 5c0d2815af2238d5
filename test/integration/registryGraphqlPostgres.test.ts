import { loadLogKeys, openSqliteStores, pgRegistryStores, type LogKeys, type Stores } from '@fvm/db';
import type { Viewer } from '@fvm/domain';
import { schema, type GraphQLContext } from '@fvm/graphql';
import { graphql, type ExecutionResult } from 'graphql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../packages/db/src/postgres/migrate';
import { openPgPool } from '../../packages/db/src/postgres/pool';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../support/postgres';
import { BORAS, GOTEBORG, NOW_MS, registryRows, VGR } from '../support/registryRows';
import { fillPostgres, fillSqlite } from '../support/registryRowsFill';
import { gid } from './helpers';

// The registry's GraphQL schema, built once over the SQLite relations, answering from PostgreSQL:
// Pothos's drizzle plugin runs its nested relations, connections, counts, filters and orders
// through the pg client. Each query runs on both engines holding the same rows; the answers must
// be the same, byte for byte, and free of errors.

const VIEWERS: Record<string, Viewer | null> = {
  anonymous: null,
  regionalAdmin: { tokenId: 1, organisationId: VGR, role: 'regional_admin' },
  orgAdmin: { tokenId: 2, organisationId: GOTEBORG, role: 'org_admin' },
  logReviewer: { tokenId: 3, organisationId: GOTEBORG, role: 'log_reviewer' },
  analyst: { tokenId: 4, organisationId: BORAS, role: 'analyst' },
  demo: { tokenId: 5, organisationId: VGR, role: 'regional_admin', demoOnly: true },
};

const QUERIES: Record<string, string> = {
  nested: `{ municipalities(first: 10) { totalCount nodes { id name code isDemo association { name members { totalCount nodes { name } } }
    rolloutStage { number area members { totalCount } }
    callOffs(orderBy: [{ field: SIGNED_ON, direction: DESC }]) { totalCount nodes { status signedOn operationsAgreementSigned option { number name links { nodes { linkedOption { number } } } } procurement { name } } }
    powersOfAttorney { totalCount nodes { scope grantedTo { name } } }
    licencesGranted { nodes { modules provider { name licencesHeld { totalCount } } } } } } }`,
  organisations: `{ organisations(first: 20, orderBy: [{ field: NAME }]) { totalCount nodes { id kind name organisationNumber municipalityCode ownPrincipal version createdAt updatedAt owner { name } } } }`,
  agreements: `{ agreements(first: 10) { totalCount nodes { id kind title status penalties subjectMatter nature purpose audits missingArt28Items endFollowsProcurementTerm
    parties { totalCount nodes { role organisation { name } } } services { nodes { service { name } } }
    instructions { nodes { processing subProcessorsAllowed service { name } } } responsibilities { nodes { area organisation { name } } } } } }`,
  information: `{ informationCategories { nodes { code name recordKind harmAssessmentRequired option { number } assets { totalCount nodes { description owner { name } } } retentionRules { nodes { action years trigger } } } } }`,
  history: `{ callOffs(first: 3) { nodes { id history { totalCount nodes { operation entity actorRole at before after actorOrganisation { name } } } } } }`,
  changes: `{ changes(first: 10, orderBy: [{ field: AT, direction: DESC }]) { totalCount nodes { id at entity entityId operation before after } } }`,
  logReview: `{ logReviewRoutines { nodes { name intervalDays emergencyReviewDays ruleRarePair runs { totalCount nodes { periodStart completedOn itemCount } } } }
    logReviewRuns { totalCount nodes { id routine { name } items { totalCount nodes { userName status entryCount rules } } } } }`,
  reviewItemsByRule: `{ logReviewItems(filter: { rule: NO_CARE_RELATIONSHIP }) { totalCount nodes { id userName } } other: logReviewItems(filter: { rule: OTHER_CARE_PROVIDER }) { totalCount } }`,
  followUp: `{ followUpGoals(orderBy: [{ field: BUDGET, direction: DESC }]) { totalCount nodes { year position heading goal budget goalStatus trend } } followUpStatusReports { nodes { month summary } } }`,
  policies: `{ accessPolicies(orderBy: [{ field: MAY_WRITE, direction: DESC }, { field: ID }]) { nodes { profession mayRead mayWrite maySign maySignMobile category { code } owner { name } } } }`,
  containsAsciiCase: `{ organisations(filter: { name: { contains: "BOR" } }) { nodes { name } } municipalities(filter: { name: { contains: "ed" } }) { nodes { name } } }`,
  containsNonAscii: `{ organisations(filter: { name: { contains: "ö" } }) { nodes { name } } callOffs(filter: { decisionReference: { contains: "Å" } }) { nodes { decisionReference } } }`,
  startsWith: `{ callOffs(filter: { decisionReference: { startsWith: "ks 20" } }) { totalCount nodes { decisionReference } } }`,
  wildcardsAreText: `{ percent: callOffs(filter: { decisionReference: { contains: "5%" } }) { totalCount } underscore: callOffs(filter: { decisionReference: { contains: "_" } }) { totalCount } any: callOffs(filter: { decisionReference: { contains: "%" } }) { totalCount } }`,
  search: `{ callOffs(filter: { search: "ks 2020" }) { totalCount nodes { decisionReference } } agreements(filter: { search: "avtal" }) { totalCount } }`,
  filters: `{
    inList: municipalities(filter: { code: { in: ["1480", "1490"] } }) { totalCount }
    notIn: municipalities(filter: { code: { notIn: ["1480"] } }) { totalCount }
    isNull: municipalities(filter: { code: { isNull: true } }) { nodes { name } }
    boolEq: callOffs(filter: { operationsAgreementSigned: { eq: true } }) { totalCount }
    boolNull: agreements(filter: { purpose: { isNull: true } }) { totalCount }
    dates: callOffs(filter: { signedOn: { gte: "2020-07-01" } }) { nodes { signedOn } }
    toOne: callOffs(filter: { municipality: { code: { eq: "1490" } } }) { totalCount }
    byId: callOffs(filter: { optionId: { eq: "${gid('Option', 1)}" } }) { totalCount }
    none: municipalities(filter: { callOffs: { none: { status: { eq: SIGNED } } } }) { nodes { name } }
    some: municipalities(filter: { callOffs: { some: { option: { number: { eq: 1 } } } } }) { nodes { name } }
    logic: callOffs(filter: { OR: [{ status: { eq: DRAFT } }, { NOT: { status: { in: [SIGNED, DRAFT] } } }] }) { nodes { status } }
    relationFiltered: municipalities { nodes { name callOffs(filter: { status: { in: [SIGNED, WITHDRAWN] } }) { totalCount nodes { status } } } }
  }`,
  nullableOrder: `{ asc: callOffs(orderBy: [{ field: SIGNED_ON }]) { nodes { id signedOn } } desc: callOffs(orderBy: [{ field: SUBMITTED_ON, direction: DESC }]) { nodes { id submittedOn } }
    agreements(orderBy: [{ field: VALID_TO }]) { nodes { id validTo } } }`,
  pageForward: `{ callOffs(first: 2, orderBy: [{ field: SIGNED_ON }]) { totalCount pageInfo { startCursor endCursor hasNextPage hasPreviousPage } edges { cursor node { id } } } }`,
  pageBackward: `{ organisations(last: 3, orderBy: [{ field: NAME, direction: DESC }]) { pageInfo { startCursor endCursor hasNextPage hasPreviousPage } nodes { name } } }`,
  node: `{ a: node(id: "${gid('Municipality', GOTEBORG)}") { id ... on Municipality { name callOffs { totalCount } } }
    b: node(id: "${gid('CallOff', 3)}") { ... on CallOff { status municipality { name } } }
    c: node(id: "${gid('Agreement', 2)}") { ... on Agreement { title parties { totalCount } } }
    missing: node(id: "${gid('CallOff', 999)}") { id }
    many: nodes(ids: ["${gid('Option', 2)}", "${gid('Organisation', 7)}", "${gid('LogReviewItem', 1)}"]) { id } }`,
  aggregates: `{ callOffCounts(groupBy: [STATUS, OPERATIONS_AGREEMENT_SIGNED]) { count status operationsAgreementSigned }
    byYear: callOffCounts(groupBy: [SIGNED_YEAR, MUNICIPALITY, ASSOCIATION]) { count signedYear municipality { name } association { name } }
    agreementCounts(groupBy: [KIND, PENALTIES, EXPIRY_YEAR]) { count kind penalties expiryYear }
    organisationCounts(groupBy: [KIND, ROLLOUT_STAGE]) { count kind rolloutStage { number } }
    retentionRuleCounts(groupBy: [ACTION, CATEGORY, OWNER]) { count action category { code } owner { name } } }`,
  viewer: `{ viewer { role organisation { name } } }`,
  findings: `{ registryFindings { check subjectType subjectId message messageSv organisation { name } } }`,
};

describeOnPostgres('the GraphQL schema over PostgreSQL answers as over SQLite', () => {
  let dir: string;
  let keys: LogKeys;
  let sqlite: ReturnType<typeof openSqliteStores>;
  let database: PostgresDatabase;
  let pool: pg.Pool;
  let postgres: Stores;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fvm-pg-graphql-'));
    keys = loadLogKeys(join(dir, 'keys'), {});
    sqlite = openSqliteStores(join(dir, 'registry.sqlite'), keys);
    fillSqlite(sqlite.handles.db, registryRows());
    database = await freshPostgresDatabase();
    pool = openPgPool(database.url);
    await migratePostgres(pool);
    await fillPostgres(pool, registryRows());
    // The registry's reads from PostgreSQL; the user log and the rest stay SQLite's (not read here).
    postgres = { ...sqlite, engine: 'postgresql', ...pgRegistryStores(pool) };
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
    await sqlite?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (stores: Stores, source: string, viewer: Viewer | null): Promise<ExecutionResult> =>
    graphql({ schema, source, contextValue: { viewer, stores, now: () => new Date(NOW_MS), logKeys: keys } satisfies GraphQLContext });

  for (const [viewerName, viewer] of Object.entries(VIEWERS)) {
    describe(viewerName, () => {
      it.each(Object.entries(QUERIES))('%s', async (_name, query) => {
        const onSqlite = await run(sqlite, query, viewer);
        const onPostgres = await run(postgres, query, viewer);
        expect(onSqlite.errors, JSON.stringify(onSqlite.errors)).toBeUndefined();
        expect(JSON.stringify(onPostgres)).toBe(JSON.stringify(onSqlite));
      });
    });
  }

  it('continues pages from a cursor either engine gave, forwards and backwards, through a nullable sort key', async () => {
    const admin = VIEWERS.regionalAdmin!;
    for (const [order, root] of [
      ['{ field: NAME }', 'organisations'],
      ['{ field: SIGNED_ON, direction: DESC }', 'callOffs'],
    ] as const) {
      const first = `{ ${root}(first: 3, orderBy: [${order}]) { pageInfo { endCursor } } }`;
      for (const from of [sqlite, postgres]) {
        const { data } = await run(from, first, admin);
        const cursor = (data as Record<string, { pageInfo: { endCursor: string } }>)[root]!.pageInfo.endCursor;
        const next = `{ after: ${root}(first: 2, after: "${cursor}", orderBy: [${order}]) { pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id } }
          before: ${root}(last: 2, before: "${cursor}", orderBy: [${order}]) { pageInfo { hasNextPage hasPreviousPage startCursor } nodes { id } } }`;
        const onSqlite = await run(sqlite, next, admin);
        expect(onSqlite.errors).toBeUndefined();
        expect(JSON.stringify(await run(postgres, next, admin))).toBe(JSON.stringify(onSqlite));
      }
    }
  });

  it('ignores the case of A–Z on both engines; beyond A–Z, PostgreSQL folds case as its locale does and SQLite does not', async () => {
    const query = '{ organisations(filter: { name: { contains: "ä" } }) { nodes { name } } }';
    const names = async (stores: Stores) =>
      ((await run(stores, query, VIEWERS.regionalAdmin!)).data as { organisations: { nodes: { name: string }[] } }).organisations.nodes.map((n) => n.name);
    const onSqlite = await names(sqlite);
    expect(onSqlite).not.toContain('Ängens vård AB');
    // The test cluster's locale is C.UTF-8, which lowers Ä to ä; a database created with LC_CTYPE C would not.
    expect((await names(postgres)).sort()).toEqual([...onSqlite, 'Ängens vård AB'].sort());
  });

  it('reads rows a test can tell apart: the fixture is not empty where it matters', async () => {
    const { data } = await run(postgres, '{ callOffs { totalCount } agreements { totalCount } logReviewItems { totalCount } }', VIEWERS.logReviewer!);
    expect(data).toEqual({ callOffs: { totalCount: 6 }, agreements: { totalCount: 4 }, logReviewItems: { totalCount: 3 } });
    // Göteborg's log reviewer: its log's entries and review routines are in the checks' facts.
    const findings = await run(postgres, '{ registryFindings { check } }', VIEWERS.logReviewer!);
    const checks = new Set((findings.data as { registryFindings: { check: string }[] }).registryFindings.map((f) => f.check));
    for (const check of ['LOG_ACTION_NOT_PERMITTED', 'EMERGENCY_ACCESS_NOT_REVIEWED', 'LOG_REVIEW_OVERDUE', 'PROCESSOR_AGREEMENT_MISSING_ART28'])
      expect(checks).toContain(check);
  });
});
