import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { sqlNumber } from './helpers';

// GraphQL over HTTP as integrators meet it: raw fetch, no helper in between.

let registry: Registry;
let analyst: string;

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

beforeAll(async () => {
  registry = await startRegistry();
  analyst = await registry.newToken('1480', 'analyst');
});
afterAll(() => registry.close());

function get(query: string, headers: Record<string, string> = {}, variables?: unknown) {
  const params = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) });
  return fetch(`${registry.url}?${params}`, { headers });
}

function post(body: string, headers: Record<string, string>) {
  return fetch(registry.url, { method: 'POST', headers, body });
}

function postQuery(query: string, extra: Record<string, string> = {}, variables?: unknown) {
  return post(JSON.stringify({ query, variables }), { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...extra });
}

/** A query of exactly `depth` nested fields: municipalities > nodes > (association > members > nodes)* > leaf. */
function nested(depth: number) {
  const path = ['municipalities', 'nodes'];
  const cycle = ['association', 'members', 'nodes'];
  for (let i = 0; path.length < depth - 1; i++) path.push(cycle[i % 3]!);
  let q = path[path.length - 1] === 'members' ? 'totalCount' : 'name';
  for (const field of [...path].reverse())
    q = `${field === 'municipalities' ? 'municipalities(filter: { code: { eq: "1490" } })' : field === 'members' ? 'members(first: 10)' : field} { ${q} }`;
  return `{ ${q} }`;
}

describe('GET', () => {
  it('runs a query from ?query= and answers application/graphql-response+json when that is accepted', async () => {
    const res = await get('{ options(first: 3) { totalCount nodes { number } } }', { accept: GRAPHQL_RESPONSE });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await res.json()).toEqual({ data: { options: { totalCount: 3, nodes: [{ number: 1 }, { number: 2 }, { number: 3 }] } } });
  });

  it('takes variables and the bearer token on GET too', async () => {
    const query = 'query($code: String!) { municipalities(filter: { code: { eq: $code } }) { nodes { name callOffs { totalCount } } } }';
    const res = await get(query, { accept: GRAPHQL_RESPONSE, authorization: `Bearer ${analyst}` }, { code: '1490' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.municipalities.nodes[0].name).toBe('Borås');
    expect(body.data.municipalities.nodes[0].callOffs.totalCount).toBe(
      await sqlNumber(registry, `select count(*) from call_offs c join organisations o on o.id = c.municipality_id where o.municipality_code = '1490'`),
    );
  });

  it('refuses a mutation over GET with 405 and Allow: POST, and writes nothing', async () => {
    const token = await registry.newToken('2321000131', 'regional_admin');
    const id = await sqlNumber(registry, 'select min(id) from call_offs');
    const before = await sqlNumber(registry, 'select count(*) from changes');
    const rowsBefore = await sqlNumber(registry, 'select count(*) from call_offs');
    const mutation = `mutation { deleteCallOffs(input: { rows: [{ id: "${Buffer.from(`CallOff:${id}`).toString('base64')}", version: 1 }] }) { committed } }`;
    const res = await get(mutation, { accept: GRAPHQL_RESPONSE, authorization: `Bearer ${token}` });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/POST/);
    expect(await sqlNumber(registry, 'select count(*) from call_offs')).toBe(rowsBefore);
    expect(await sqlNumber(registry, 'select count(*) from changes')).toBe(before);
  });

  it('refuses other methods with 405', async () => {
    const res = await fetch(registry.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ options { totalCount } }' }),
    });
    expect(res.status).toBe(405);
  });
});

describe('POST', () => {
  it('answers a syntax error with 400 and errors, no data', async () => {
    const res = await postQuery('{ options( }');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/Syntax Error/);
  });

  it('answers an unknown field with 400 (validation), without suggesting field names', async () => {
    const res = await postQuery('{ callOff { id } }');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].message).toMatch(/Cannot query field "callOff"/);
    expect(body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it('answers a body that is not JSON with 400', async () => {
    const res = await post('this is not json', { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].message).toMatch(/JSON/);
  });

  it('answers a body of an unsupported media type with 415', async () => {
    const res = await post('{ options { totalCount } }', { 'content-type': 'text/plain', accept: GRAPHQL_RESPONSE });
    expect(res.status).toBe(415);
  });

  it('answers a POST without a query with 400', async () => {
    const res = await post('{}', { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE });
    expect(res.status).toBe(400);
  });

  it('answers in application/json when that is what the client accepts', async () => {
    const res = await post(JSON.stringify({ query: '{ options { totalCount } }' }), { 'content-type': 'application/json', accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ data: { options: { totalCount: 3 } } });
  });

  it('answers a legacy application/json client’s syntax error with 200 and errors (GraphQL over HTTP, application/json)', async () => {
    const res = await post(JSON.stringify({ query: '{ options( }' }), { 'content-type': 'application/json', accept: 'application/json' });
    expect(res.status).toBe(200);
    expect((await res.json()).errors.length).toBeGreaterThan(0);
  });
});

describe('tokens', () => {
  const CALL_OFFS = '{ callOffs { totalCount } }';

  it('reads the registry with a valid bearer token', async () => {
    const res = await postQuery(CALL_OFFS, { authorization: `Bearer ${analyst}` });
    expect((await res.json()).data.callOffs.totalCount).toBe(await sqlNumber(registry, 'select count(*) from call_offs'));
  });

  it('refuses an unknown, malformed or non-bearer token with 401 instead of answering as anonymous', async () => {
    for (const authorization of ['Bearer fvm_not-a-real-token', `Bearer ${analyst}x`, 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await postQuery(CALL_OFFS, { authorization });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate'), authorization).toMatch(/^Bearer/);
      const body = await res.json();
      expect(body.data, authorization).toBeUndefined();
      expect(body.errors[0].extensions.code, authorization).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a write with an unknown token before running it', async () => {
    const id = Buffer.from(`CallOff:${await sqlNumber(registry, 'select min(id) from call_offs')}`).toString('base64');
    const res = await postQuery(
      `mutation { updateCallOffs(input: { rows: [{ id: "${id}", version: 1, decisionReference: "x" }] }) { committed results { __typename ... on RowForbidden { code } } } }`,
      {
        authorization: 'Bearer fvm_not-a-real-token',
      },
    );
    expect(res.status).toBe(401);
    expect((await res.json()).data).toBeUndefined();
    expect(await sqlNumber(registry, `select count(*) from call_offs where decision_reference = 'x'`)).toBe(0);
  });
});

describe('graphql-armor limits', () => {
  it('accepts a query 12 levels deep', async () => {
    const res = await postQuery(nested(12));
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.municipalities.nodes).toHaveLength(1);
    expect(body.data.municipalities.nodes[0].association.members.nodes).toHaveLength(8);
  });

  it('rejects a query 13 levels deep (depth limit 12) without running it', async () => {
    const res = await postQuery(nested(13));
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/depth limit of 12 exceeded, found 13/);
  });

  it('rejects more than 15 aliases', async () => {
    const res = await postQuery(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: options { totalCount }`).join(' ')} }`);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(/Aliases limit of 15/);
  });

  // A document that fails validation is answered 4xx when the client accepts
  // application/graphql-response+json, graphql-armor's rejections included.
  it('answers an over-deep query with 400, like other invalid documents', async () => {
    const res = await postQuery(nested(13));
    expect(res.status).toBe(400);
  });

  // The complexity limit reads page sizes from variables as well as literals: a page size given
  // through a variable costs what the same literal costs.
  it('judges the cost of a query the same whether first is a literal or a variable', async () => {
    const query = (first: string) =>
      `${first === '$n' ? 'query($n: Int)' : 'query'} { municipalities(first: 1000) { nodes { name callOffs(first: ${first}) { totalCount nodes { id } } } } }`;
    const literalSmall = await (await postQuery(query('10'), {}, { n: 10 })).json();
    const variableSmall = await (await postQuery(query('$n'), {}, { n: 10 })).json();
    expect(literalSmall.errors).toBeUndefined();
    expect(variableSmall.errors).toBeUndefined();
    const literalLarge = await postQuery(query('1000'), {}, { n: 1000 });
    const variableLarge = await postQuery(query('$n'), {}, { n: 1000 });
    expect(literalLarge.status).toBe(400);
    expect(variableLarge.status).toBe(400);
    expect((await variableLarge.json()).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});
