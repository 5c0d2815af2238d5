import { createToken, findOrganisationByCodeOrNumber, keyFileFor, loadDemoData, loadLogKeys, loadReferenceData, openDatabase } from '@fvm/db';
import type { Role } from '@fvm/domain';
import { createRegistryYoga, serveStatic, type LogReadLimits } from '@fvm/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real registry for a test: a fresh SQLite file, the real yoga server on an ephemeral loopback
 * port, and helpers to call it over HTTP the way integrators do. With `grid` (a directory, e.g.
 * apps/grid/dist) it also serves the grid's build at `/`, as the real server does.
 */
export async function startRegistry(options: { demo?: boolean; file?: string; responseCache?: boolean; grid?: string; logReadLimits?: LogReadLimits } = {}) {
  const dir = options.file ? null : mkdtempSync(join(tmpdir(), 'fvm-test-'));
  const file = options.file ?? join(dir!, 'registry.sqlite');
  const database = openDatabase(file);
  loadReferenceData(database.db);
  if (options.demo !== false) loadDemoData(database.db);
  const logKeys = loadLogKeys(keyFileFor(file), {});
  const yoga = createRegistryYoga({ db: database.db, sqlite: database.sqlite, logKeys, responseCache: options.responseCache, logReadLimits: options.logReadLimits });
  const grid = options.grid ? serveStatic(options.grid) : null;
  const server: Server = grid
    ? createServer((req, res) => {
        if (req.url?.startsWith('/graphql')) return void yoga(req, res);
        if (!grid(req, res)) res.writeHead(404).end();
      })
    : createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/graphql`;

  function token(codeOrNumber: string, role: Role): string {
    const org = findOrganisationByCodeOrNumber(database.db, codeOrNumber);
    if (!org) throw new Error(`no organisation ${codeOrNumber}`);
    return createToken(database.db, { organisationId: org.id, role }).secret;
  }

  async function gql<T = any>(query: string, variables?: Record<string, unknown>, bearer?: string): Promise<{ status: number; data?: T; errors?: { message: string }[] }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  async function close() {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  return { url, origin, file, db: database.db, sqlite: database.sqlite, logKeys, token, gql, close };
}
export type Registry = Awaited<ReturnType<typeof startRegistry>>;
