import { serverConfig } from '@fvm/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { changeCount, gid, sqlNumber } from './helpers';

// The edges of the endpoint over real HTTP: who may call it from another site, which bodies it
// reads, how it answers requests that are not GraphQL requests at all, and what production hides.

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const LISTED = 'https://grid.example.se';
const ALSO_LISTED = 'https://integrator.example.se';

let registry: Registry;
let listed: Registry;
let production: Registry;
let admin: string;

beforeAll(async () => {
  [registry, listed, production] = await Promise.all([
    startRegistry(),
    startRegistry({ demo: false, env: { FVM_CORS_ORIGINS: `${LISTED}, ${ALSO_LISTED}` } }),
    startRegistry({ demo: false, env: { NODE_ENV: 'production' } }),
  ]);
  admin = await registry.newToken('2321000131', 'regional_admin');
});
afterAll(() => Promise.all([registry, listed, production].map((r) => r?.close())));

function post(r: Registry, body: string, headers: Record<string, string>) {
  return fetch(r.url, { method: 'POST', headers, body });
}

const postJson = (r: Registry, body: unknown, accept = GRAPHQL_RESPONSE) => post(r, JSON.stringify(body), { 'content-type': 'application/json', accept });

function corsHeaders(res: Response) {
  return Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-')));
}

function preflight(r: Registry, origin: string) {
  return fetch(r.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

describe('CORS', () => {
  it('lets a listed origin call the API from its pages, without credentials', async () => {
    for (const origin of [LISTED, ALSO_LISTED]) {
      const pre = await preflight(listed, origin);
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
      expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
      const res = await post(listed, JSON.stringify({ query: '{ options { totalCount } }' }), { origin, 'content-type': 'application/json' });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives any other origin no CORS headers at all, preflight or request', async () => {
    for (const r of [listed, registry]) {
      for (const origin of ['https://evil.example', 'null', `${LISTED}.evil.example`, 'http://grid.example.se']) {
        expect(corsHeaders(await preflight(r, origin)), origin).toEqual({});
        const res = await fetch(`${r.url}?query=${encodeURIComponent('{ options { totalCount } }')}`, { headers: { origin } });
        expect(res.status).toBe(200);
        expect(corsHeaders(res), origin).toEqual({});
      }
    }
  });

  it('refuses to start with an FVM_CORS_ORIGINS entry that is not an origin', () => {
    for (const bad of ['*', 'null', 'https://grid.example.se/app', 'grid.example.se']) {
      expect(() => serverConfig({ FVM_CORS_ORIGINS: bad }).http, bad).toThrow(/FVM_CORS_ORIGINS/);
    }
    expect(serverConfig({ FVM_CORS_ORIGINS: 'https://Grid.example.se/' }).http.corsOrigins).toEqual(['https://grid.example.se']);
    expect(serverConfig({}).http.corsOrigins).toEqual([]);
  });
});

describe('request bodies', () => {
  async function mutation() {
    const id = await sqlNumber(registry, 'select min(id) from call_offs');
    const version = await sqlNumber(registry, 'select version from call_offs where id = ?', id);
    return `mutation { updateCallOffs(input: { rows: [{ id: "${gid('CallOff', id)}", version: ${version}, decisionReference: "CSRF" }] }) { committed } }`;
  }

  // What a page on another site can send without a preflight: none of it may run.
  it('refuses form-encoded, multipart, text/plain and untyped bodies with 415 and a JSON error, running nothing', async () => {
    const query = await mutation();
    const form = new FormData();
    form.set('operations', JSON.stringify({ query }));
    const before = await changeCount(registry);
    const attempts: [string, RequestInit][] = [
      ['form', { body: new URLSearchParams({ query }), headers: { authorization: `Bearer ${admin}` } }],
      ['multipart', { body: form, headers: { authorization: `Bearer ${admin}` } }],
      ['text/plain', { body: JSON.stringify({ query }), headers: { 'content-type': 'text/plain', authorization: `Bearer ${admin}` } }],
      [
        'text/plain;charset=UTF-8',
        { body: JSON.stringify({ query }), headers: { 'content-type': 'text/plain;charset=UTF-8', authorization: `Bearer ${admin}` } },
      ],
      ['application/graphql', { body: query, headers: { 'content-type': 'application/graphql', authorization: `Bearer ${admin}` } }],
      ['no content type', { body: new Blob([JSON.stringify({ query })]), headers: { authorization: `Bearer ${admin}` } }],
      ['latin1', { body: JSON.stringify({ query }), headers: { 'content-type': 'application/json; charset=iso-8859-1', authorization: `Bearer ${admin}` } }],
    ];
    for (const [label, init] of attempts) {
      const res = await fetch(registry.url, { method: 'POST', ...init });
      expect(res.status, label).toBe(415);
      expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body.data, label).toBeUndefined();
      expect(body.errors[0].extensions.code, label).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.errors[0].message, label).toMatch(/application\/json/);
    }
    expect(await changeCount(registry)).toBe(before);
    expect(await sqlNumber(registry, `select count(*) from call_offs where decision_reference = 'CSRF'`)).toBe(0);
  });

  it('reads JSON bodies under either media type, with or without charset=utf-8, in any letter case', async () => {
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON;Charset="UTF-8"',
      'application/graphql-response+json',
    ]) {
      const res = await post(registry, JSON.stringify({ query: '{ options { totalCount } }' }), { 'content-type': contentType, accept: GRAPHQL_RESPONSE });
      expect(res.status, contentType).toBe(200);
      expect(await res.json(), contentType).toEqual({ data: { options: { totalCount: 3 } } });
    }
  });

  it('still runs a mutation posted as JSON (the ordinary way)', async () => {
    const res = await post(registry, JSON.stringify({ query: (await mutation()).replace('CSRF', 'KS 2026/1') }), {
      'content-type': 'application/json',
      accept: GRAPHQL_RESPONSE,
      authorization: `Bearer ${admin}`,
    });
    expect((await res.json()).data.updateCallOffs.committed).toBe(true);
  });
});

describe('requests that are not GraphQL requests: 400 for every client', () => {
  const ACCEPTS = [GRAPHQL_RESPONSE, 'application/json', '*/*'];

  it('refuses parameters of the wrong shape, whatever the client accepts', async () => {
    const query = '{ options { totalCount } }';
    const cases: [unknown, RegExp][] = [
      [{ query: null }, /no "query"/],
      [{}, /no "query"/],
      [{ query: 1 }, /"query" parameter must be a string; got a number/],
      [{ query: ['{ options { totalCount } }'] }, /"query" parameter must be a string; got an array/],
      [{ query, variables: 'x' }, /"variables" parameter must be an object; got a string/],
      [{ query, variables: [1] }, /"variables" parameter must be an object; got an array/],
      [{ query, operationName: 3 }, /"operationName" parameter must be a string; got a number/],
      [{ query, operationName: {} }, /"operationName" parameter must be a string; got an object/],
      [{ query, extensions: true }, /"extensions" parameter must be an object; got a boolean/],
      [[{ query }], /must be a JSON object; got an array/],
      ['{ options { totalCount } }', /must be a JSON object; got a string/],
      [null, /must be a JSON object; got null/],
    ];
    for (const accept of ACCEPTS) {
      for (const [body, message] of cases) {
        const res = await postJson(registry, body, accept);
        const label = `${accept} ${JSON.stringify(body)}`;
        expect(res.status, label).toBe(400);
        const json = await res.json();
        expect(json.data, label).toBeUndefined();
        expect(json.errors[0].message, label).toMatch(message);
        expect(json.errors[0].extensions.code, label).toBe('BAD_REQUEST');
      }
    }
  });

  it('answers GET with variables or extensions that are not JSON with 400, not 500', async () => {
    for (const accept of ACCEPTS) {
      for (const name of ['variables', 'extensions']) {
        const res = await fetch(`${registry.url}?query=${encodeURIComponent('{ options { totalCount } }')}&${name}=%7Bnot-json`, { headers: { accept } });
        expect(res.status, `${accept} ${name}`).toBe(400);
        expect((await res.json()).errors[0].message).toMatch(new RegExp(`The ${name} parameter is not valid JSON`));
      }
    }
  });

  it('answers a query over the token limit with 400 like the other limits, whatever the client accepts', async () => {
    const many = `{ options(filter: { number: { in: [${Array(5001).fill(1).join(',')}] } }) { totalCount } }`;
    for (const accept of ACCEPTS) {
      for (const attempt of [1, 2]) {
        // The second time the rejection comes from the parser cache.
        const res = await postJson(registry, { query: many }, accept);
        expect(res.status, `${accept} #${attempt}`).toBe(400);
        const body = await res.json();
        expect(body.data).toBeUndefined();
        expect(body.errors[0].message).toMatch(/Token limit of 5000 exceeded/);
      }
    }
  });

  // graphql-js parses recursively: thousands of nested braces overflowed the stack (a 500).
  it('refuses a document nested past 100 levels before parsing it, with 400', async () => {
    for (const query of [`{ ${'a { '.repeat(3000)}`, `{ options(filter: ${'{ AND: ['.repeat(51)}{}${'] }'.repeat(51)}) { totalCount } }`]) {
      for (const accept of ACCEPTS) {
        const res = await postJson(registry, { query }, accept);
        expect(res.status, accept).toBe(400);
        expect((await res.json()).errors[0].message).toMatch(/Nesting limit of 100 exceeded/);
      }
    }
    const fine = await postJson(registry, { query: `{ options(filter: ${'{ AND: ['.repeat(20)}{}${'] }'.repeat(20)}) { totalCount } }` });
    expect(await fine.json()).toEqual({ data: { options: { totalCount: 3 } } });
  });

  it('answers a client that accepts neither JSON type in application/json rather than with an empty 406', async () => {
    const res = await post(registry, JSON.stringify({ query: '{ options( }' }), { 'content-type': 'application/json', accept: 'text/html' });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await res.json()).errors[0].message).toMatch(/Syntax Error/);
    const stream = await post(registry, JSON.stringify({ query: '{ options { totalCount } }' }), {
      'content-type': 'application/json',
      accept: 'text/event-stream',
    });
    expect(stream.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await stream.json()).toEqual({ data: { options: { totalCount: 3 } } });
  });

  it('answers other paths and methods, and requests Node cannot read, in JSON too', async () => {
    const elsewhere = await fetch(`${registry.origin}/graphqlx`, { method: 'POST', body: '{}' });
    expect(elsewhere.status).toBe(404);
    expect((await elsewhere.json()).errors[0].message).toMatch(/POST \/graphql/);
    const huge = await fetch(`${registry.url}?query=${'x'.repeat(20_000)}`, { headers: { accept: GRAPHQL_RESPONSE } });
    expect(huge.status).toBe(431);
    expect((await huge.json()).errors[0].extensions.code).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
  });
});

describe('GraphiQL and introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';
  const TYPE = '{ __type(name: "Municipality") { name } }';

  async function graphiqlPage(r: Registry) {
    const res = await fetch(r.url, { headers: { accept: 'text/html' } });
    return { status: res.status, html: (res.headers.get('content-type') ?? '').startsWith('text/html') ? await res.text() : null };
  }

  it('in development serves GraphiQL and answers introspection', async () => {
    const page = await graphiqlPage(registry);
    expect(page.status).toBe(200);
    expect(page.html).toContain('fvm-registry GraphiQL');
    const res = await postJson(registry, { query: INTROSPECT });
    expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('in production serves no GraphiQL and refuses __schema and __type, but answers __typename', async () => {
    const page = await graphiqlPage(production);
    expect(page.html).toBeNull();
    expect(page.status).toBe(400);
    for (const query of [INTROSPECT, TYPE]) {
      const res = await postJson(production, { query });
      expect(res.status, query).toBe(400);
      const body = await res.json();
      expect(body.data, query).toBeUndefined();
      expect(body.errors[0].message, query).toMatch(/introspection has been disabled/);
    }
    const typename = await postJson(production, { query: '{ __typename options { totalCount } }' });
    expect(await typename.json()).toEqual({ data: { __typename: 'Query', options: { totalCount: 3 } } });
  });

  it('in production turns GraphiQL (and with it introspection) or introspection alone back on when asked', async () => {
    const both = await startRegistry({ demo: false, env: { NODE_ENV: 'production', FVM_GRAPHIQL: '1' } });
    const introspectionOnly = await startRegistry({ demo: false, env: { NODE_ENV: 'production', FVM_INTROSPECTION: '1' } });
    try {
      expect((await graphiqlPage(both)).html).toContain('fvm-registry GraphiQL');
      expect((await (await postJson(both, { query: INTROSPECT })).json()).data.__schema.queryType.name).toBe('Query');
      expect((await graphiqlPage(introspectionOnly)).html).toBeNull();
      expect((await (await postJson(introspectionOnly, { query: TYPE })).json()).data.__type.name).toBe('Municipality');
    } finally {
      await Promise.all([both.close(), introspectionOnly.close()]);
    }
  });

  it('reads FVM_GRAPHIQL and FVM_INTROSPECTION as 1 or 0 only', () => {
    expect(serverConfig({}).http).toMatchObject({ production: false, graphiql: true, introspection: true });
    expect(serverConfig({ NODE_ENV: 'production' }).http).toMatchObject({ production: true, graphiql: false, introspection: false });
    expect(serverConfig({ FVM_GRAPHIQL: '0' }).http).toMatchObject({ graphiql: false, introspection: false });
    expect(serverConfig({ FVM_GRAPHIQL: '0', FVM_INTROSPECTION: '1' }).http).toMatchObject({ graphiql: false, introspection: true });
    expect(() => serverConfig({ FVM_GRAPHIQL: 'yes' }).http).toThrow(/FVM_GRAPHIQL must be 1 or 0/);
    // The command line reads only where the database is, so these do not stop it.
    expect(serverConfig({ FVM_GRAPHIQL: 'yes', FVM_CORS_ORIGINS: '*', FVM_DATABASE: '/tmp/x.sqlite' }).database).toBe('/tmp/x.sqlite');
  });
});
