import { isCompiledRegistryRead, schema } from '@fvm/graphql';
import { getNamedType, isEnumType, isInputObjectType, isLeafType, isObjectType, parse, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { A, B, R } from './accessRules';

// Plain registry reads run by a plan (compileRegistryRead) must answer exactly what the
// interpreter answers, rights included: every query here goes, as the same caller, to a server
// with plans and to one without (the same database), and the two answers must be the same bytes.
// The queries are made from the schema: every root connection with every column, with each of its
// relations, sorted every way it can be, paged and filtered; for every kind of caller (anonymous,
// each role of a municipality, the region's admins, demo tokens), on real demo data.

type Field = GraphQLField<unknown, unknown>;

/** Leaf fields without arguments: what a plan may read of a row (the plan decides which it does). */
function leafFields(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0)
    .map((f) => f.name);
}

function connectionNode(field: Field): GraphQLObjectType | null {
  const connection = getNamedType(field.type);
  if (!isObjectType(connection) || !connection.name.endsWith('Connection')) return null;
  const nodes = connection.getFields().nodes;
  const node = nodes && getNamedType(nodes.type);
  return node && isObjectType(node) ? node : null;
}

/** The fields among `names` the plan reads itself, on a node of `type` under `root`. */
function plannable(root: string, names: string[]): string[] {
  return names.filter((name) => isCompiledRegistryRead(schema, parse(`{ ${root}(first: 1) { nodes { ${name} } } }`)));
}

interface Case {
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  planned: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  const query = schema.getQueryType()!;
  for (const root of Object.values(query.getFields())) {
    const node = connectionNode(root);
    if (!node || !root.args.some((a) => a.name === 'orderBy')) continue;
    const leaves = plannable(root.name, leafFields(node));
    if (leaves.length === 0) continue;
    const own = leaves.join(' ');
    out.push({
      label: `${root.name}: every column`,
      query: `{ ${root.name}(first: 40) { __typename nodes { ${own} } edges { __typename node { id } } } }`,
      planned: true,
    });
    out.push({ label: `${root.name}: default page`, query: `{ rows: ${root.name} { nodes { ${own} } } }`, planned: true });
    // Each relation of the row: one-relations and pages of related rows, with their own columns.
    for (const field of Object.values(node.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || isLeafType(target)) continue;
      const many = connectionNode(field);
      const inner = many ?? target;
      const innerLeaves = leafFields(inner).slice(0, 6).join(' ');
      const selection = many
        ? `${field.name}(first: 3) { nodes { id ${innerLeaves} } edges { node { id } } }`
        : `${field.name} { __typename id ${innerLeaves} }`;
      const text = `{ ${root.name}(first: 25) { nodes { id ${selection} } } }`;
      out.push({ label: `${root.name}.${field.name}`, query: text, planned: isCompiledRegistryRead(schema, parse(text)) });
    }
    // Every sort key, both ways, with variables; and a filter on every column that has one.
    const orderInput = getNamedType(root.args.find((a) => a.name === 'orderBy')!.type);
    const sortField = isInputObjectType(orderInput) ? orderInput.getFields().field : undefined;
    const sortEnum = sortField ? getNamedType(sortField.type) : null;
    if (sortEnum && isEnumType(sortEnum)) {
      for (const value of sortEnum.getValues()) {
        for (const direction of ['ASC', 'DESC']) {
          out.push({
            label: `${root.name} by ${value.name} ${direction}`,
            query: `query($first: Int, $orderBy: [${orderInput.name}!]) { ${root.name}(first: $first, orderBy: $orderBy) { nodes { ${own} } } }`,
            variables: { first: 15, orderBy: [{ field: value.name, direction }] },
            planned: true,
          });
        }
      }
    }
    out.push({ label: `${root.name}: search`, query: `{ ${root.name}(first: 10, filter: { id: { isNull: false } }) { nodes { id } } }`, planned: true });
  }
  // The registry's nested page (the benchmark's), a filter through a relation, and queries the
  // plan must leave to the interpreter: over the cost limit, bad variables, a cursor.
  out.push({
    label: 'nested page',
    query: `{ municipalities(first: 100) { edges { node { name code callOffs(first: 10) { nodes { status option { number name } } } } } }
      agreements(first: 100) { nodes { title parties(first: 50) { nodes { role organisation { name } } } } } }`,
    planned: true,
  });
  out.push({
    label: 'filter through a relation',
    query: `{ callOffs(first: 50, filter: { municipality: { code: { eq: "1490" } } }) { nodes { id status municipality { name } } } }`,
    planned: true,
  });
  out.push({ label: 'search', query: `{ organisations(first: 50, filter: { search: "borås" }) { nodes { id name } } }`, planned: true });
  out.push({ label: 'over the cost limit', query: `{ municipalities(first: 1000) { nodes { callOffs(first: 1000) { nodes { id } } } } }`, planned: true });
  out.push({ label: 'bad variable', query: `query($n: Int!) { options(first: $n) { nodes { id } } }`, variables: { n: 'three' }, planned: true });
  out.push({ label: 'first: 0', query: `{ options(first: 0) { nodes { id } } }`, planned: true });
  out.push({
    label: 'a filter naming the wrong type',
    query: `{ callOffs(first: 5, filter: { option: { id: { eq: "${Buffer.from('Agreement:1').toString('base64')}" } } }) { nodes { id } } }`,
    planned: true,
  });
  out.push({ label: 'pageInfo', query: `{ options(first: 2) { pageInfo { hasNextPage endCursor } nodes { id } } }`, planned: false });
  return out;
}

/** A server with plans and one without, over one database. */
async function startPair(): Promise<{ planned: Registry; interpreted: Registry }> {
  const planned = await startRegistry({ responseCache: false });
  const interpreted = await startRegistry({
    responseCache: false,
    plannedReads: false,
    sharing: { engine: planned.engine, database: planned.database, logKeys: planned.logKeys },
  });
  return { planned, interpreted };
}

describe('planned registry reads answer as the interpreter does', () => {
  let planned: Registry;
  let interpreted: Registry;
  let callers: { label: string; token?: string }[];

  beforeAll(async () => {
    ({ planned, interpreted } = await startPair());
    callers = [
      { label: 'anonymous' },
      ...(await Promise.all(
        (
          [
            [A, 'analyst'],
            [A, 'org_admin'],
            [B, 'integrator'],
            [B, 'log_reviewer'],
            [R, 'regional_admin'],
          ] as const
        ).map(async ([org, role]) => ({ label: `${role} of ${org}`, token: await planned.newToken(org, role) })),
      )),
      { label: 'demo org_admin of A', token: await planned.newToken(A, 'org_admin', { isDemo: true }) },
      // Every caller after the first meets documents the planned server already knows by their
      // text (usePlannedRegistryReads' short path); the first caller once more, for the same.
      { label: 'anonymous, again' },
    ];
  }, 120_000);

  afterAll(async () => {
    await interpreted?.close();
    await planned?.close();
  });

  it('every query, every caller: the same answer, byte for byte', async () => {
    const all = cases();
    const plannedCount = all.filter((c) => isCompiledRegistryRead(schema, parse(c.query))).length;
    // The comparison must be about plans: most of these queries run by one.
    expect(plannedCount).toBeGreaterThan(all.length * 0.6);
    for (const c of all) expect(isCompiledRegistryRead(schema, parse(c.query)), c.label).toBe(c.planned);

    let nonEmpty = 0;
    const answers = new Map<string, Set<string>>();
    for (const caller of callers) {
      // A few at a time: the two servers share the database and this machine.
      for (let i = 0; i < all.length; i += 4) {
        await Promise.all(
          all.slice(i, i + 4).map(async (c) => {
            const [a, b] = await Promise.all([planned.raw(c.query, c.variables, caller.token), interpreted.raw(c.query, c.variables, caller.token)]);
            expect({ caller: caller.label, query: c.label, answer: a }).toEqual({ caller: caller.label, query: c.label, answer: b });
            if (a.startsWith('200 ') && a.includes('"nodes":[{')) nonEmpty++;
            if (!answers.has(c.label)) answers.set(c.label, new Set());
            answers.get(c.label)!.add(a);
          }),
        );
      }
    }
    // Rows were really read, and callers with different rights really saw different rows.
    expect(nonEmpty).toBeGreaterThan(callers.length * 10);
    expect([...answers.values()].filter((set) => set.size > 1).length).toBeGreaterThan(10);
  }, 600_000);
});

describe("a planned read's short path (a document known by its text)", () => {
  let planned: Registry;
  let interpreted: Registry;
  beforeAll(async () => {
    ({ planned, interpreted } = await startPair());
  }, 120_000);
  afterAll(async () => {
    await interpreted?.close();
    await planned?.close();
  });

  const QUERY = `query Own($n: Int) { callOffs(first: $n, orderBy: [{ field: ID }]) { nodes { id status municipality { name } } } }`;
  const NESTED = `query Nested($n: Int) { municipalities(first: $n) { nodes { callOffs(first: $n) { nodes { id } } } } }`;
  const both = async (variables: unknown, token?: string, query = QUERY) => {
    const [a, b] = await Promise.all([planned.raw(query, variables, token), interpreted.raw(query, variables, token)]);
    expect(a).toBe(b);
    return a;
  };

  it('refuses a token revoked after its document became known, exactly as the ordinary path does', async () => {
    const token = await planned.newToken(A, 'analyst');
    expect(await both({ n: 5 }, token)).toMatch(/^200 \{"data":\{"callOffs":\{"nodes":\[\{/);
    expect(await both({ n: 5 }, token)).toMatch(/^200 /);
    await planned.sql('UPDATE api_tokens SET revoked_at = ? WHERE prefix = ?', new Date().toISOString(), token.slice(0, 10));
    const refused = await both({ n: 5 }, token);
    expect(refused).toMatch(/^401 .*UNAUTHENTICATED/);
    expect(await both({ n: 5 }, 'not-a-token')).toMatch(/^401 /);
  });

  it('hands variables it cannot take, and a page over the cost limit, to the ordinary path', async () => {
    const token = await planned.newToken(R, 'regional_admin');
    expect(await both({ n: 3 }, token)).toMatch(/^200 /);
    expect(await both({ n: 'three' }, token)).toMatch(/^400 .*three/);
    expect(await both({ n: 2 }, token, NESTED)).toMatch(/^200 /);
    expect(await both({ n: 1000 }, token, NESTED)).toMatch(/^400 .*Query too/);
    expect(await both({ n: 2 }, undefined)).toMatch(/^200 /);
  });

  it('tells documents apart by text and operation name exactly as the ordinary path does', async () => {
    const send = async (server: Registry, body: Record<string, unknown>) => {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return `${response.status} ${await response.text()}`;
    };
    const text = 'query A { options(first: 1) { nodes { number } } }';
    const bodies = [
      { query: text },
      { query: text, operationName: 'A' },
      // Known by now; each of these names no operation of it, or another document.
      { query: text, operationName: '' },
      { query: text, operationName: 'B' },
      { query: 'options(first: 1) { nodes { number } } }', operationName: 'A\nquery A {' },
      { query: text, operationName: 'A' },
    ];
    const answers: string[] = [];
    for (const body of bodies) {
      const [a, b] = [await send(planned, body), await send(interpreted, body)];
      expect({ body, answer: a }).toEqual({ body, answer: b });
      answers.push(a.includes('"errors"') ? 'refused' : 'answered');
    }
    expect(answers).toEqual(['answered', 'answered', 'refused', 'refused', 'refused', 'answered']);
  });
});
