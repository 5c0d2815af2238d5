import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, RESULT_FIELDS, sqlNumber, sqlRows } from './helpers';

// A nested list must cost a fixed number of SQL statements, whatever the number of rows: no
// N+1. Drizzle prepares a statement per execution, so counting sqlite.prepare on the instance the
// server uses counts the statements one HTTP request runs (the token lookup included).

let registry: Registry;
let admin: string;
let analyst: string;
let statements: string[] = [];
let counting = false;

beforeAll(async () => {
  registry = await startRegistry({ responseCache: false });
  admin = registry.token('2321000131', 'regional_admin');
  analyst = registry.token('1480', 'analyst');
  const sqlite = registry.sqlite;
  const orig = sqlite.prepare.bind(sqlite);
  // Count executions, not preparations: a statement prepared once (the token lookup) still runs
  // once per request.
  sqlite.prepare = (source: string) => {
    const stmt = orig(source) as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ['all', 'get', 'run', 'iterate', 'raw']) {
      const original = stmt[method]!.bind(stmt);
      stmt[method] =
        method === 'raw'
          ? (...args) => (original(...args), stmt)
          : (...args) => {
              if (counting) statements.push(source);
              return original(...args);
            };
    }
    return stmt as never;
  };
  // A token's first use records its last-used time (then at most once a minute): use each once
  // before counting, so that every measured request is an ordinary one.
  for (const token of [admin, analyst]) ok(await registry.gql('{ viewer { role } }', undefined, token));
});
afterAll(() => registry.close());

async function measure(query: string, token: string) {
  statements = [];
  counting = true;
  try {
    const data = ok(await registry.gql(query, undefined, token));
    return { data, count: statements.length, statements: [...statements] };
  } finally {
    counting = false;
  }
}

const MUNICIPALITIES = `{ municipalities(first: 100) { totalCount edges { node { name code
  callOffs { totalCount edges { node { status signedOn option { number name } } } } } } } }`;
const AGREEMENTS = `{ agreements(first: 100) { totalCount edges { node { title kind
  parties { totalCount edges { node { role organisation { name kind } } } } } } } }`;

function callOffsIn(data: { municipalities: { edges: { node: { callOffs: { edges: unknown[] } } }[] } }) {
  return data.municipalities.edges.reduce((n, e) => n + e.node.callOffs.edges.length, 0);
}
function partiesIn(data: { agreements: { edges: { node: { parties: { edges: unknown[] } } }[] } }) {
  return data.agreements.edges.reduce((n, e) => n + e.node.parties.edges.length, 0);
}

async function grow() {
  // Seven more options, each called off by every municipality (backfilled in May 2020) ...
  const createOptions = `mutation($input: CreateOptionsInput!) { createOptions(input: $input) { ${RESULT_FIELDS} } }`;
  const options = ok(
    await registry.gql(
      createOptions,
      { input: { rows: Array.from({ length: 7 }, (_, i) => ({ number: 4 + i, name: `Testoption ${4 + i}`, nameEn: `Test option ${4 + i}` })) } },
      admin,
    ),
  ).createOptions;
  expect(options.succeeded).toBe(7);
  const optionIds = (await sqlRows<{ id: number }>(registry, 'select id from options where number >= 4')).map((r) => r.id);
  const municipalityIds = (await sqlRows<{ id: number }>(registry, `select id from organisations where kind = 'municipality'`)).map((r) => r.id);
  const createCallOffs = `mutation($input: CreateCallOffsInput!) { createCallOffs(input: $input) { ${RESULT_FIELDS} } }`;
  const rows = municipalityIds.flatMap((m) =>
    optionIds.map((o) => ({
      municipalityId: gid('Municipality', m),
      optionId: gid('Option', o),
      status: 'SIGNED',
      submittedOn: '2020-05-11',
      signedOn: '2020-05-20',
    })),
  );
  const callOffs = ok(await registry.gql(createCallOffs, { input: { rows } }, admin)).createCallOffs;
  expect(callOffs.succeeded).toBe(rows.length);

  // ... and 150 more agreements with three parties each.
  const createAgreements = `mutation($input: CreateAgreementsInput!) { createAgreements(input: $input) { ${RESULT_FIELDS} } }`;
  const agreements = ok(
    await registry.gql(
      createAgreements,
      { input: { rows: Array.from({ length: 150 }, (_, i) => ({ kind: 'COOPERATION', title: `Testavtal ${i}`, status: 'DRAFT' })) } },
      admin,
    ),
  ).createAgreements;
  expect(agreements.succeeded).toBe(150);
  const agreementIds = (await sqlRows<{ id: number }>(registry, `select id from agreements where title like 'Testavtal %'`)).map((r) => r.id);
  const createParties = `mutation($input: CreateAgreementPartiesInput!) { createAgreementParties(input: $input) { ${RESULT_FIELDS} } }`;
  const parties = agreementIds.flatMap((a, i) =>
    [0, 1, 2].map((k) => ({
      agreementId: gid('Agreement', a),
      organisationId: gid('Organisation', municipalityIds[(i + k * 7) % municipalityIds.length]!),
      role: 'PARTY',
    })),
  );
  const partyResult = ok(await registry.gql(createParties, { input: { rows: parties } }, admin)).createAgreementParties;
  expect(partyResult.succeeded).toBe(parties.length);
}

// The response cache is off here: these tests count what one execution of a query costs.
describe('statements per request do not grow with the rows', () => {
  it('municipalities → callOffs → option and agreements → parties → organisation', async () => {
    const smallM = await measure(MUNICIPALITIES, analyst);
    const smallA = await measure(AGREEMENTS, analyst);
    const callOffsBefore = await sqlNumber(registry, 'select count(*) from call_offs');
    const partiesBefore = await sqlNumber(registry, 'select count(*) from agreement_parties');
    expect(callOffsIn(smallM.data)).toBe(callOffsBefore);

    await grow();
    // The writes moved the database's write state: each token is looked up once more (a revoked
    // one must be refused at once), then answered from memory again, as before the writes.
    for (const token of [admin, analyst]) ok(await registry.gql('{ viewer { role } }', undefined, token));

    const bigM = await measure(MUNICIPALITIES, analyst);
    const bigA = await measure(AGREEMENTS, analyst);
    // The data really grew, and the answers carry it.
    expect(await sqlNumber(registry, 'select count(*) from call_offs')).toBe(callOffsBefore + 49 * 7);
    expect(callOffsIn(bigM.data)).toBe(callOffsBefore + 49 * 7);
    expect(await sqlNumber(registry, 'select count(*) from agreement_parties')).toBe(partiesBefore + 450);
    expect(bigA.data.agreements.totalCount).toBe(await sqlNumber(registry, 'select count(*) from agreements'));
    expect(bigA.data.agreements.edges).toHaveLength(100);
    expect(partiesIn(bigA.data)).not.toBe(partiesIn(smallA.data));

    expect(bigM.count, bigM.statements.join('\n')).toBe(smallM.count);
    expect(bigA.count, bigA.statements.join('\n')).toBe(smallA.count);
    // The token cache's write-state check (two pragmas) + the page (one statement with the nested
    // relations) + totalCount.
    expect(smallM.count, smallM.statements.join('\n')).toBeLessThanOrEqual(4);
    expect(smallA.count, smallA.statements.join('\n')).toBeLessThanOrEqual(4);
  });

  it('an anonymous request runs the same small number of statements', async () => {
    const anon = await (async () => {
      statements = [];
      counting = true;
      try {
        ok(await registry.gql(MUNICIPALITIES));
        return statements.length;
      } finally {
        counting = false;
      }
    })();
    expect(anon).toBeLessThanOrEqual(2);
  });
});
