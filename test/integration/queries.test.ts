import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { gid, ok, optionId, orgId, rawId, sqlNumber, sqlRows } from './helpers';

let registry: Registry;
let analyst: string;

beforeAll(async () => {
  registry = await startRegistry();
  analyst = await registry.newToken('1480', 'analyst');
});
afterAll(() => registry?.close());

const q = (query: string, variables?: Record<string, unknown>) => registry.gql(query, variables, analyst).then(ok);

describe('filters', () => {
  it('an id past any row’s range is a missing row, on every engine: null, no match, not found; never an error', async () => {
    const huge = gid('CallOff', 99_999_999_999);
    const data = await q(`{ node(id: "${huge}") { id } nodes(ids: ["${huge}"]) { id } callOffs(filter: { id: { in: ["${huge}"] } }) { totalCount } }`);
    expect(data).toEqual({ node: null, nodes: [null], callOffs: { totalCount: 0 } });
    const admin = await registry.newToken('2321000131', 'regional_admin');
    const write = await registry.gql(
      `mutation { updateCallOffs(input: { rows: [{ id: "${huge}", version: 1, decisionReference: "x" }] }) { committed results { __typename } } }`,
      undefined,
      admin,
    );
    expect(ok(write).updateCallOffs).toEqual({ committed: false, results: [{ __typename: 'RowNotFound' }] });
  });

  it('eq on an enum matches SQL', async () => {
    const data = await q(
      '{ callOffs(filter: { status: { eq: SIGNED } }) { totalCount } withdrawn: callOffs(filter: { status: { eq: WITHDRAWN } }) { totalCount nodes { status } } }',
    );
    expect(data.callOffs.totalCount).toBe(await sqlNumber(registry, `select count(*) from call_offs where status = 'signed'`));
    expect(data.callOffs.totalCount).toBeGreaterThan(0);
    expect(data.withdrawn.totalCount).toBe(await sqlNumber(registry, `select count(*) from call_offs where status = 'withdrawn'`));
    expect(data.withdrawn.nodes.every((n: { status: string }) => n.status === 'WITHDRAWN')).toBe(true);
  });

  it('in and notIn on text and enums', async () => {
    const data = await q(`{
      two: municipalities(filter: { code: { in: ["1490", "1480"] } }) { totalCount nodes { name } }
      rest: municipalities(filter: { code: { notIn: ["1490", "1480"] } }) { totalCount }
      active: callOffs(filter: { status: { in: [SIGNED, SUBMITTED] } }) { totalCount }
      notActive: callOffs(filter: { status: { notIn: [SIGNED, SUBMITTED] } }) { totalCount }
    }`);
    expect(data.two.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['Borås', 'Göteborg']);
    expect(data.rest.totalCount).toBe(47);
    expect(data.active.totalCount).toBe(await sqlNumber(registry, `select count(*) from call_offs where status in ('signed', 'submitted')`));
    expect(data.active.totalCount + data.notActive.totalCount).toBe(await sqlNumber(registry, 'select count(*) from call_offs'));
  });

  it('contains is a substring match, case-insensitive for A–Z', async () => {
    const data = await q('{ municipalities(first: 100, filter: { name: { contains: "ed" } }) { nodes { name } } }');
    const names = data.municipalities.nodes.map((n: { name: string }) => n.name).sort();
    // Dals-Ed (capital E), Lilla Edet, Munkedal, ... worked out independently of SQL.
    const all = (await sqlRows<{ name: string }>(registry, `select name from organisations where kind = 'municipality'`)).map((r) => r.name);
    expect(names).toEqual(all.filter((n) => n.toLowerCase().includes('ed')).sort());
    expect(names).toContain('Dals-Ed');
    expect(names).toContain('Munkedal');
  });

  // % and _ typed by a user are text, not LIKE wildcards (contains, startsWith and search).
  it('treats % and _ in contains/startsWith as text, not as wildcards', async () => {
    expect(await sqlNumber(registry, `select count(*) from organisations where replace(name, '%', '') <> name or replace(name, '_', '') <> name`)).toBe(0);
    const data = await q(`{
      percent: municipalities(filter: { name: { contains: "%" } }) { totalCount }
      underscore: municipalities(filter: { name: { contains: "_" } }) { totalCount }
      prefix: callOffs(filter: { decisionReference: { startsWith: "KS_" } }) { totalCount }
      search: callOffs(filter: { search: "KS_2020" }) { totalCount }
    }`);
    expect(data).toEqual({ percent: { totalCount: 0 }, underscore: { totalCount: 0 }, prefix: { totalCount: 0 }, search: { totalCount: 0 } });
  });

  it('matches startsWith and search literally when the text has no wildcard characters', async () => {
    const data = await q(
      '{ prefix: callOffs(filter: { decisionReference: { startsWith: "KS 2020/" } }) { totalCount } search: callOffs(filter: { search: "KS 2020" }) { totalCount } }',
    );
    const n = await sqlNumber(registry, `select count(*) from call_offs where substr(decision_reference, 1, 8) = 'KS 2020/'`);
    expect(n).toBeGreaterThan(0);
    expect(data.prefix.totalCount).toBe(n);
    expect(data.search.totalCount).toBe(
      await sqlNumber(registry, `select count(*) from call_offs where replace(decision_reference, 'KS 2020', '') <> decision_reference`),
    );
  });

  it('filters through a to-one relation', async () => {
    const data = await q('{ callOffs(first: 10, filter: { municipality: { code: { eq: "1490" } } }) { totalCount nodes { municipality { name } } } }');
    expect(data.callOffs.totalCount).toBe(await sqlNumber(registry, 'select count(*) from call_offs where municipality_id = ?', await orgId(registry, '1490')));
    expect(data.callOffs.totalCount).toBeGreaterThan(0);
    expect(data.callOffs.nodes.every((n: { municipality: { name: string } }) => n.municipality.name === 'Borås')).toBe(true);
  });

  it('filters by a reference given as a global ID', async () => {
    const data = await q(`{ callOffs(filter: { optionId: { eq: "${gid('Option', await optionId(registry, 3))}" } }) { totalCount } }`);
    expect(data.callOffs.totalCount).toBe(await sqlNumber(registry, 'select count(*) from call_offs where option_id = ?', await optionId(registry, 3)));
  });

  it('finds the municipalities without a signed call-off for option 3 (to-many "none")', async () => {
    const data = await q(`{ municipalities(first: 100, filter: { callOffs: { none: { option: { number: { eq: 3 } }, status: { eq: SIGNED } } } }) {
      totalCount nodes { code callOffs { nodes { status option { number } } } } } }`);
    const truth = (
      await sqlRows<{ code: string }>(
        registry,
        `select m.municipality_code code from organisations m where m.kind = 'municipality' and not exists (
         select 1 from call_offs c join options o on o.id = c.option_id where c.municipality_id = m.id and o.number = 3 and c.status = 'signed')`,
      )
    ).map((r) => r.code);
    expect(truth.length).toBeGreaterThan(0);
    expect(truth.length).toBeLessThan(49);
    expect(data.municipalities.totalCount).toBe(truth.length);
    expect(data.municipalities.nodes.map((n: { code: string }) => n.code).sort()).toEqual(truth.sort());
    for (const m of data.municipalities.nodes) {
      expect(m.callOffs.nodes.some((c: { option: { number: number }; status: string }) => c.option.number === 3 && c.status === 'SIGNED')).toBe(false);
    }
  });

  it('finds the municipalities with some signed call-off for option 3 (to-many "some"): the complement', async () => {
    const data = await q(`{
      some: municipalities(first: 100, filter: { callOffs: { some: { option: { number: { eq: 3 } }, status: { eq: SIGNED } } } }) { totalCount }
      none: municipalities(first: 100, filter: { callOffs: { none: { option: { number: { eq: 3 } }, status: { eq: SIGNED } } } }) { totalCount }
      any: municipalities(first: 100, filter: { callOffs: { some: {} } }) { totalCount }
    }`);
    expect(data.some.totalCount + data.none.totalCount).toBe(49);
    expect(data.some.totalCount).toBe(
      await sqlNumber(
        registry,
        `select count(distinct c.municipality_id) from call_offs c join options o on o.id = c.option_id where o.number = 3 and c.status = 'signed'`,
      ),
    );
    expect(data.any.totalCount).toBe(await sqlNumber(registry, 'select count(distinct municipality_id) from call_offs'));
  });

  it('combines AND, OR and NOT', async () => {
    const data = await q(`{
      or: callOffs(filter: { OR: [{ status: { eq: WITHDRAWN } }, { status: { eq: SUBMITTED } }] }) { totalCount }
      not: callOffs(filter: { NOT: { status: { eq: SIGNED } } }) { totalCount }
      and: callOffs(filter: { AND: [{ status: { eq: SIGNED } }, { option: { number: { eq: 1 } } }] }) { totalCount }
    }`);
    expect(data.or.totalCount).toBe(await sqlNumber(registry, `select count(*) from call_offs where status in ('withdrawn', 'submitted')`));
    expect(data.not.totalCount).toBe(await sqlNumber(registry, `select count(*) from call_offs where status != 'signed'`));
    expect(data.and.totalCount).toBe(
      await sqlNumber(registry, `select count(*) from call_offs c join options o on o.id = c.option_id where c.status = 'signed' and o.number = 1`),
    );
  });

  it('isNull and date ranges', async () => {
    const data = await q(`{
      unsigned: callOffs(filter: { signedOn: { isNull: true } }) { totalCount }
      late: callOffs(filter: { signedOn: { gte: "2020-05-25", lte: "2020-05-29" } }) { totalCount nodes { signedOn } }
      open: agreements(filter: { validTo: { isNull: true } }) { totalCount }
    }`);
    expect(data.unsigned.totalCount).toBe(await sqlNumber(registry, 'select count(*) from call_offs where signed_on is null'));
    expect(data.unsigned.totalCount).toBeGreaterThan(0);
    expect(data.late.totalCount).toBe(await sqlNumber(registry, `select count(*) from call_offs where signed_on between '2020-05-25' and '2020-05-29'`));
    expect(data.open.totalCount).toBe(await sqlNumber(registry, 'select count(*) from agreements where valid_to is null'));
  });

  it('answers a filter with an ID of the wrong type with an error, not with all rows', async () => {
    const r = await registry.gql(`{ callOffs(filter: { optionId: { eq: "${gid('Agreement', 1)}" } }) { totalCount } }`, undefined, analyst);
    expect(r.errors?.[0]?.message).toMatch(/not the ID of a Option/);
    expect(r.data?.callOffs?.totalCount ?? null).toBeNull();
  });
});

type Page<Node> = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: Node }[];
};

/** Pages forward (first/after) or backward (last/before) through a whole connection. */
async function pageAll<Node extends { id: string }>(
  field: string,
  orderType: string,
  filterType: string,
  nodeFields: string,
  opts: { orderBy?: unknown; filter?: unknown; size: number; backward?: boolean },
) {
  const query = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: [${orderType}!], $filter: ${filterType}) {
    ${field}(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${nodeFields} } } } }`;
  const nodes: Node[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = -1;
  for (;;) {
    const vars = opts.backward
      ? { last: opts.size, before: cursor, orderBy: opts.orderBy, filter: opts.filter }
      : { first: opts.size, after: cursor, orderBy: opts.orderBy, filter: opts.filter };
    const page: Page<Node> = (await q(query, vars))[field];
    pages++;
    if (total === -1) total = page.totalCount;
    expect(page.totalCount).toBe(total);
    expect(page.edges.length).toBeLessThanOrEqual(opts.size);
    if (opts.backward) nodes.unshift(...page.edges.map((e) => e.node));
    else nodes.push(...page.edges.map((e) => e.node));
    const more = opts.backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) break;
    expect(page.edges.length).toBe(opts.size);
    cursor = opts.backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    expect(cursor).toBeTruthy();
    if (pages > 200) throw new Error('paging does not end');
  }
  return { nodes, total, pages };
}

function expectEachOnce(nodes: { id: string }[], expectedIds: number[]) {
  const ids = nodes.map((n) => rawId(n.id));
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort((a, b) => a - b)).toEqual([...expectedIds].sort((a, b) => a - b));
}

describe('ordering and paging', () => {
  it('pages through all call-offs by signedOn DESC, 7 at a time: every row exactly once, in order', async () => {
    const { nodes, total, pages } = await pageAll<{ id: string; signedOn: string | null }>('callOffs', 'CallOffOrder', 'CallOffFilter', 'id signedOn', {
      size: 7,
      orderBy: [{ field: 'SIGNED_ON', direction: 'DESC' }],
    });
    const sql = await sqlRows<{ id: number; signed_on: string | null }>(registry, 'select id, signed_on from call_offs');
    expect(total).toBe(sql.length);
    expect(pages).toBe(Math.ceil(sql.length / 7));
    expectEachOnce(
      nodes,
      sql.map((r) => r.id),
    );
    // Non-increasing dates; the call-offs without a date (withdrawn, submitted) all together at one end.
    const dates = nodes.map((n) => n.signedOn);
    expect(sql.some((r) => r.signed_on === null)).toBe(true);
    const firstNull = dates.indexOf(null);
    const lastNull = dates.lastIndexOf(null);
    expect(dates.slice(firstNull, lastNull + 1).every((d) => d === null)).toBe(true);
    const dated = dates.filter((d) => d !== null);
    expect(dated).toEqual([...dated].sort().reverse());
  });

  it('pages through all agreements by validTo ASC (mostly null), 7 at a time', async () => {
    const { nodes, total } = await pageAll<{ id: string; validTo: string | null }>('agreements', 'AgreementOrder', 'AgreementFilter', 'id validTo', {
      size: 7,
      orderBy: [{ field: 'VALID_TO', direction: 'ASC' }],
    });
    const sql = await sqlRows<{ id: number; valid_to: string | null }>(registry, 'select id, valid_to from agreements');
    expect(total).toBe(sql.length);
    expect(sql.filter((r) => r.valid_to === null).length).toBeGreaterThan(7);
    expect(sql.filter((r) => r.valid_to !== null).length).toBeGreaterThan(0);
    expectEachOnce(
      nodes,
      sql.map((r) => r.id),
    );
    const dates = nodes.map((n) => n.validTo);
    const dated = dates.filter((d) => d !== null);
    expect(dated).toEqual([...dated].sort());
    const firstNull = dates.indexOf(null);
    expect(dates.slice(firstNull, dates.lastIndexOf(null) + 1).every((d) => d === null)).toBe(true);
  });

  it('pages with two sort keys, a filter and a nullable column: call-offs of option 1 or 3 by status, then submittedOn DESC', async () => {
    const filter = { option: { number: { in: [1, 3] } } };
    const orderBy = [{ field: 'STATUS' }, { field: 'SUBMITTED_ON', direction: 'DESC' }];
    const { nodes, total } = await pageAll<{ id: string; status: string; submittedOn: string | null }>(
      'callOffs',
      'CallOffOrder',
      'CallOffFilter',
      'id status submittedOn',
      { size: 7, orderBy, filter },
    );
    const sql = await sqlRows<{ id: number }>(registry, `select c.id from call_offs c join options o on o.id = c.option_id where o.number in (1, 3)`);
    expect(total).toBe(sql.length);
    expectEachOnce(
      nodes,
      sql.map((r) => r.id),
    );
    for (let i = 1; i < nodes.length; i++) {
      const [a, b] = [nodes[i - 1]!, nodes[i]!];
      expect(a.status <= b.status).toBe(true);
      if (a.status === b.status) expect((a.submittedOn ?? '') >= (b.submittedOn ?? '')).toBe(true);
    }
  });

  it('pages backward with last/before and gets the same rows in the same order as forward', async () => {
    const orderBy = [{ field: 'SIGNED_ON', direction: 'DESC' }];
    const forward = await pageAll<{ id: string; signedOn: string | null }>('callOffs', 'CallOffOrder', 'CallOffFilter', 'id signedOn', { size: 7, orderBy });
    const backward = await pageAll<{ id: string; signedOn: string | null }>('callOffs', 'CallOffOrder', 'CallOffFilter', 'id signedOn', {
      size: 7,
      orderBy,
      backward: true,
    });
    expect(backward.total).toBe(forward.total);
    expect(backward.nodes.map((n) => n.id)).toEqual(forward.nodes.map((n) => n.id));

    const agreementsForward = await pageAll<{ id: string; validTo: string | null }>('agreements', 'AgreementOrder', 'AgreementFilter', 'id validTo', {
      size: 7,
      orderBy: [{ field: 'VALID_TO' }],
    });
    const agreementsBackward = await pageAll<{ id: string; validTo: string | null }>('agreements', 'AgreementOrder', 'AgreementFilter', 'id validTo', {
      size: 7,
      orderBy: [{ field: 'VALID_TO' }],
      backward: true,
    });
    expect(agreementsBackward.nodes.map((n) => n.id)).toEqual(agreementsForward.nodes.map((n) => n.id));
  });

  it('pages through the municipalities by name (default order) and a nested connection by number', async () => {
    const { nodes, total } = await pageAll<{ id: string; name: string }>('municipalities', 'MunicipalityOrder', 'MunicipalityFilter', 'id name', { size: 7 });
    expect(total).toBe(49);
    expectEachOnce(
      nodes,
      (await sqlRows<{ id: number }>(registry, `select id from organisations where kind = 'municipality'`)).map((r) => r.id),
    );
    const names = nodes.map((n) => n.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('gives totalCount of the whole filtered set, independent of the page', async () => {
    const data = await q(`{ a: callOffs(first: 1) { totalCount edges { node { id } } } b: callOffs(last: 2) { totalCount edges { node { id } } }
      c: agreements(first: 3, filter: { kind: { eq: PROCESSOR } }) { totalCount edges { node { id } } } }`);
    const n = await sqlNumber(registry, 'select count(*) from call_offs');
    expect(data.a.totalCount).toBe(n);
    expect(data.a.edges).toHaveLength(1);
    expect(data.b.totalCount).toBe(n);
    expect(data.b.edges).toHaveLength(2);
    expect(data.c.totalCount).toBe(await sqlNumber(registry, `select count(*) from agreements where kind = 'processor'`));
    expect(data.c.edges).toHaveLength(3);
  });

  it('pages a nested connection: Borås’s call-offs one at a time', async () => {
    const boras = gid('Municipality', await orgId(registry, '1490'));
    const query = `query($id: ID!, $after: String) { node(id: $id) { ... on Municipality { callOffs(first: 1, after: $after, orderBy: [{ field: SIGNED_ON, direction: DESC }]) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 10; i++) {
      const c: Page<{ id: string }> = (await q(query, { id: boras, after })).node.callOffs;
      total = c.totalCount;
      seen.push(...c.edges.map((e) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(total).toBe(await sqlNumber(registry, 'select count(*) from call_offs where municipality_id = ?', await orgId(registry, '1490')));
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});
