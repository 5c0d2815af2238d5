import { createToken, findOrganisationByCodeOrNumber, type CreateTokenInput, keyFileFor, loadDemoData, loadLogKeys, loadReferenceData, openSqliteStores, openStores } from '@fvm/db';
import type { Role } from '@fvm/domain';
import { createRegistryHttpServer, createRegistryYoga, serveStatic, serverConfig, type LogReadLimits } from '@fvm/server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real registry for a test: a fresh SQLite file, the real yoga server on an ephemeral loopback
 * port behind the real server's routing, and helpers to call it over HTTP the way integrators do.
 * With `grid` (a directory, e.g. apps/grid/dist) it also serves the grid's build at `/`. With `env`, the
 * HTTP options come from those environment variables, read as the real server reads them. Demo
 * sign-in is off unless `demoSignIn` (as on a server started without FVM_DEMO_SIGNIN=1).
 */
export async function startRegistry(
  options: { demo?: boolean; file?: string; responseCache?: boolean; grid?: string; env?: NodeJS.ProcessEnv; demoSignIn?: boolean; now?: () => Date; logReadLimits?: LogReadLimits; logDatabase?: string } = {},
) {
  const dir = options.file ? null : mkdtempSync(join(tmpdir(), 'fvm-test-'));
  const file = options.file ?? join(dir!, 'registry.sqlite');
  const logKeys = loadLogKeys(keyFileFor(file), {});
  const sqliteStores = openSqliteStores(file, logKeys);
  // The test's own handles, to arrange data and to tamper behind the API's back.
  const database = sqliteStores.handles;
  loadReferenceData(database.db);
  if (options.demo !== false) loadDemoData(database.db);
  // With `logDatabase` the server's stores keep the user log there (split mode); the handles stay on the file.
  const stores = options.logDatabase ? await openStores(file, logKeys, { logDatabase: options.logDatabase }) : sqliteStores;
  const http = options.env ? serverConfig(options.env).http : {};
  const yoga = createRegistryYoga({
    stores, logKeys, ...http,
    ...(options.responseCache === undefined ? {} : { responseCache: options.responseCache }),
    demoSignIn: options.demoSignIn, now: options.now,
    ...(options.logReadLimits ? { logReadLimits: options.logReadLimits } : {}),
  });
  const server: Server = createRegistryHttpServer(yoga, options.grid ? serveStatic(options.grid) : null);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/graphql`;

  function token(codeOrNumber: string, role: Role, extra: Omit<CreateTokenInput, 'organisationId' | 'role'> = {}): string {
    const org = findOrganisationByCodeOrNumber(database.db, codeOrNumber);
    if (!org) throw new Error(`no organisation ${codeOrNumber}`);
    return createToken(database.db, { organisationId: org.id, role, ...extra }).secret;
  }

  async function gql<T = any>(query: string, variables?: Record<string, unknown>, bearer?: string): Promise<{ status: number; data?: T; errors?: { message: string }[] }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** The answer exactly as the caller receives it: status and body, byte for byte. */
  async function raw(query: string, variables?: unknown, bearer?: string): Promise<string> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return `${response.status} ${await response.text()}`;
  }

  async function close() {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (stores !== sqliteStores) await stores.close();
    await sqliteStores.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  return { url, origin, file, db: database.db, sqlite: database.sqlite, logKeys, token, gql, raw, close };
}
export type Registry = Awaited<ReturnType<typeof startRegistry>>;
