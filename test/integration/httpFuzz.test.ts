import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../support/server';
import { seededRandom } from '../support/random';

// Seeded, bounded fuzzing of the endpoint over real HTTP: odd methods, media types, bodies,
// parameters, variables and headers. Whatever arrives, the server must not fail (no 5xx), and
// every refusal must say why in JSON. The same seed makes the same requests on every run, so a
// failure names a request that can be replayed.

const REQUESTS = 2000;
const SEED = 20261203;

const generator = seededRandom;
type Random = ReturnType<typeof generator>;

const QUERIES = [
  '{ options { totalCount nodes { number name } } }',
  'query($code: String!) { municipalities(filter: { code: { eq: $code } }) { nodes { name } } }',
  'query($f: MunicipalityFilter, $n: Int) { municipalities(first: $n, filter: $f) { totalCount } }',
  'query A { options { totalCount } } query B { __typename }',
  'mutation { deleteCallOffs(input: { rows: [{ id: "Q2FsbE9mZjox", version: 1 }] }) { committed } }',
  'mutation($rows: [UpdateCallOffInput!]!) { updateCallOffs(input: { rows: $rows }) { committed } }',
  '{ callOffs(first: 5) { nodes { id status } } }',
  '{ node(id: "Q2FsbE9mZjox") { id } }',
  '{ nodes(ids: ["", "x", "Q2FsbE9mZjox", "%%%"]) { id } }',
  '{ userLogs(first: 3) { edges { node { id } } } }',
  '{ __schema { types { name } } }',
  '{ options( }',
  '{ municipalities(first: -1) { totalCount } }',
  '{ municipalities(first: 2147483647) { totalCount } }',
  '{ municipalities(after: "not-a-cursor") { totalCount } }',
  'subscription { x }',
  '',
];

const HARD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '💥',
  'x'.repeat(70_000),
  '"\\',
  '<script>',
  '1e309',
  '%00',
  'Q2FsbE9mZjox',
  '\u202e',
  'null',
];

function nestedValue(r: Random, depth: number): unknown {
  let v: unknown = r.pick(HARD_STRINGS);
  for (let i = 0; i < depth; i++) v = r.chance(0.5) ? [v] : r.chance(0.5) ? { AND: [v] } : { OR: v };
  return v;
}

function weirdValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 2 ** 31, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return r.chance(0.5);
    case 3:
    case 4:
      return r.pick(HARD_STRINGS);
    case 5:
      return r.pick(['1490', '2321000131', 'SIGNED', 'draft']);
    case 6:
      return nestedValue(r, r.pick([10, 100, 1000, 2000]));
    case 7:
      return Array.from({ length: r.int(5) }, () => weirdValue(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.int(5) }, () => [
          r.pick(['code', 'eq', 'in', 'AND', 'OR', 'NOT', 'id', 'version', '__proto__', 'constructor', r.pick(HARD_STRINGS)]),
          weirdValue(r, depth + 1),
        ]),
      );
  }
}

function weirdQuery(r: Random): string {
  switch (r.int(8)) {
    case 0:
      return `{ ${'municipalities { nodes { association { members { nodes { '.repeat(r.int(40))} name ${'} } } } } '.repeat(3)}}`;
    case 1:
      return `{ ${'a { '.repeat(r.pick([100, 2000, 3000]))}`;
    case 2:
      return `{ options(filter: { number: { in: [${Array(r.pick([10, 4000, 6000]))
        .fill(1)
        .join(',')}] } }) { totalCount } }`;
    case 3:
      return `{ ${Array.from({ length: r.int(40) }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    case 4:
      return `{ __typename ${'@skip(if: false) '.repeat(r.int(80))}}`;
    case 5:
      return `query ${r.pick(HARD_STRINGS)} { __typename }`;
    case 6:
      return `{ municipalities(filter: ${'{ AND: ['.repeat(r.int(60))}{ code: { eq: "1490" } }${'] }'.repeat(r.int(60))}) { totalCount } }`;
    default:
      return r.pick(HARD_STRINGS);
  }
}

function params(r: Random): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (r.chance(0.92)) p.query = r.chance(0.6) ? r.pick(QUERIES) : r.chance(0.8) ? weirdQuery(r) : weirdValue(r);
  if (r.chance(0.5)) p.variables = r.chance(0.6) ? { code: weirdValue(r), f: weirdValue(r), n: weirdValue(r), rows: weirdValue(r) } : weirdValue(r);
  if (r.chance(0.2)) p.operationName = r.chance(0.6) ? r.pick(['A', 'B', 'C', '']) : weirdValue(r);
  if (r.chance(0.1)) p.extensions = weirdValue(r);
  if (r.chance(0.05)) p[r.pick(['extra', 'id', 'documentId'])] = weirdValue(r);
  return p;
}

/** A body as bytes: mostly JSON, sometimes JSON gone wrong, sometimes not JSON at all. */
function body(r: Random): Buffer {
  switch (r.int(12)) {
    case 0:
      return Buffer.from(JSON.stringify(params(r)).slice(0, r.int(200)));
    case 1:
      return Buffer.from('[]'.repeat(r.int(3)) + '['.repeat(r.pick([10, 10_000, 100_000])));
    case 2:
      return Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x80, 0x7d]);
    case 3:
      return Buffer.from(JSON.stringify(weirdValue(r)) ?? '');
    case 4:
      return Buffer.from(new URLSearchParams({ query: String(r.pick(QUERIES)) }).toString());
    case 5:
      return Buffer.from(`--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify(params(r))}\r\n--b--\r\n`);
    case 6:
      return Buffer.from(JSON.stringify([params(r), params(r)]));
    case 7:
      return Buffer.alloc(0);
    default:
      return Buffer.from(JSON.stringify(params(r)));
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/graphql-response+json',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json; boundary=x',
  'application/json;',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=b',
  'text/plain',
  'application/graphql',
  'application/graphql+json',
  '*/*',
  ';',
  'application/json, text/plain',
  undefined,
];
const ACCEPTS = [
  'application/graphql-response+json',
  'application/json',
  '*/*',
  'text/html',
  'text/event-stream',
  'multipart/mixed',
  'image/png',
  'application/graphql-response+json;q=0',
  ',,,',
  undefined,
];
const AUTHORIZATIONS = [
  'Bearer fvm_not-a-token',
  'Bearer',
  'Bearer  ',
  'Basic dXNlcjpwYXNz',
  'bearer fvm_x fvm_y',
  `Bearer ${'A'.repeat(10_000)}`,
  'Bearer fvm_\u00e5\u00e4\u00f6',
  'Negotiate',
  '',
];
const METHODS = ['GET', 'GET', 'POST', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND'];
const PATHS = [
  '/graphql',
  '/graphql',
  '/graphql',
  '/graphql',
  '/graphql',
  '/graphql/',
  '/graphql?',
  '/graphql?query=',
  '/graphql/../graphql',
  '/graphqlx',
  '/graphql%00',
  '/graphql?%ZZ=1',
  '/graphql#x',
  '/',
  '/%ZZ',
  '/index.html',
  '/assets/../../../etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '//graphql',
  '*',
];

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function fuzzRequest(r: Random, validToken: string): FuzzRequest {
  const method = r.pick(METHODS);
  const headers: Record<string, string> = {};
  const accept = r.pick(ACCEPTS);
  if (accept) headers.accept = accept;
  if (r.chance(0.3)) headers.authorization = r.chance(0.3) ? `Bearer ${validToken}` : r.pick(AUTHORIZATIONS);
  if (r.chance(0.1)) headers.origin = r.pick(['https://evil.example', 'null', 'http://127.0.0.1']);
  if (r.chance(0.05)) headers['access-control-request-method'] = 'POST';
  let path = r.pick(PATHS);
  if (method === 'GET' || method === 'HEAD' || r.chance(0.1)) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params(r))) {
      search.set(name, typeof value === 'string' && name === 'query' ? value : r.chance(0.2) ? String(r.pick(HARD_STRINGS)) : (JSON.stringify(value) ?? ''));
    }
    path = `${path.split('?')[0]}?${search}`;
  }
  if (method === 'GET' || method === 'HEAD') return { method, path, headers };
  const contentType = r.pick(CONTENT_TYPES);
  if (contentType) headers['content-type'] = contentType;
  return { method, path, headers, body: body(r) };
}

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

function send(base: URL, req: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function describeRequest(req: FuzzRequest, i: number) {
  const body = req.body ? req.body.toString('utf8') : '';
  return `#${i} ${req.method} ${req.path.slice(0, 300)} ${JSON.stringify(req.headers).slice(0, 300)} body(${body.length}) ${body.slice(0, 300)}`;
}

async function fuzz(registry: Registry, validToken: string) {
  const r = generator(SEED);
  const requests = Array.from({ length: REQUESTS }, () => fuzzRequest(r, validToken));
  const base = new URL(registry.url);
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  // A few at a time, as clients do; each worker takes the next request in order.
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const req = requests[i]!;
        const answer = await send(base, req);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const label = `${describeRequest(req, i)}\n  -> ${answer.status} ${answer.contentType} ${answer.body.slice(0, 300)}`;
        if (answer.status >= 500) problems.push(`5xx: ${label}`);
        // A failure inside a resolver, masked or not, is the server's fault even in a 200.
        else if (/"Unexpected error\."|"unexpected":true/.test(answer.body)) problems.push(`unexpected error: ${label}`);
        else if (answer.status >= 400 && req.method !== 'HEAD') {
          let json: unknown;
          try {
            json = JSON.parse(answer.body);
          } catch {
            problems.push(`not JSON: ${label}`);
            continue;
          }
          const errors = (json as { errors?: { message?: unknown }[] }).errors;
          if (!Array.isArray(errors) || errors.length === 0 || typeof errors[0]!.message !== 'string') problems.push(`no errors[].message: ${label}`);
        }
      }
    }),
  );
  return { problems, statuses };
}

describe.each([
  ['development', {}],
  ['production (errors masked)', { NODE_ENV: 'production' }],
])('fuzzing the endpoint, %s', (_mode, env) => {
  let registry: Registry;
  let token: string;
  // A grid build of one page, so that the paths beside the API are served as in production.
  const grid = mkdtempSync(join(tmpdir(), 'fvm-fuzz-grid-'));
  beforeAll(async () => {
    writeFileSync(join(grid, 'index.html'), '<!doctype html><title>grid</title>');
    registry = await startRegistry({ env, grid });
    token = await registry.newToken('2321000131', 'regional_admin');
  });
  afterAll(async () => {
    await registry.close();
    rmSync(grid, { recursive: true, force: true });
  });

  it(`answers ${REQUESTS} seeded odd requests without a 5xx, every refusal in JSON`, async () => {
    const { problems, statuses } = await fuzz(registry, token);
    expect(problems.sort().slice(0, 10).join('\n\n'), `${problems.length} problems; statuses ${JSON.stringify(Object.fromEntries(statuses))}`).toBe('');
    // The generator reaches the interesting answers, not only one kind of refusal.
    for (const status of [200, 400, 401, 404, 405, 415, 431]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
