import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnPostgres, freshPostgresDatabase, type PostgresDatabase } from '../../../test/support/postgres';
import { serverDir } from './support/fvm';

// The production build as an operator runs it (README, "Running in production"): `npm run build`'s
// server step, then plain `node dist/main.js` and `node dist/cli.js`, no tsx anywhere. Two server
// processes on one SQLite file, the built command line's log import (its reading thread is a file
// of its own in dist/) seen by both, and the built server migrating a fresh PostgreSQL database.

const dir = mkdtempSync(join(tmpdir(), 'fvm-build-'));
const dist = join(serverDir, 'dist');
const children: ChildProcess[] = [];
const databases: PostgresDatabase[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: serverDir, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The built command line; fails the test with its output when it does not succeed. */
async function fvm(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await run([join(dist, 'cli.js'), ...args], env);
  expect(r.code, `fvm ${args.join(' ')}:\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}

function environment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FVM_DEMO_LOG_ENTRIES: '20', NODE_ENV: 'production' };
  // Whatever the test run itself was started with: tsx's loader must not be what makes dist/ work.
  for (const key of ['NODE_OPTIONS', 'FVM_KEY_FILE', 'FVM_LOG_DATABASE', 'FVM_PSEUDONYM_KEY', 'FVM_DATABASE', 'INIT_CWD', 'HOST', 'PORT', 'FVM_DEMO_SIGNIN'])
    delete env[key];
  return { ...env, ...extra };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `node dist/main.js`, answered once it listens: its output and a GraphQL call with a token. */
async function builtServer(env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(dist, 'main.js')], {
    cwd: tmpdir(),
    env: environment({ PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      output += b.toString();
      if (output.includes('fvm-registry serving')) resolve();
    });
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    child.on('close', (code) => reject(new Error(`the built server stopped (${code}):\n${output}`)));
  });
  const gql = async <T>(query: string, token: string): Promise<{ data?: T; errors?: unknown[] }> =>
    (
      await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      })
    ).json() as Promise<{ data?: T; errors?: unknown[] }>;
  const entries = async (token: string) => {
    const r = await gql<{ userLogs: { totalCount: number } }>('{ userLogs(first: 1) { totalCount } }', token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!.userLogs.totalCount;
  };
  return { output: () => output, pid: child.pid!, entries };
}

beforeAll(async () => {
  const built = await run(['build.mjs']);
  expect(built.code, built.stdout + built.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of databases) await d.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built server', { timeout: 120_000 }, () => {
  it('is three files in dist/ run by plain node: two servers on one SQLite file both see what the built command line imports', async () => {
    for (const file of ['main.js', 'cli.js', 'prepareWorker.mjs']) expect(existsSync(join(dist, file)), file).toBe(true);
    const database = { FVM_DATABASE: join(dir, 'registry.sqlite') };
    const a = await builtServer(database);
    expect(a.output()).toContain('Loaded DEMO data');
    const b = await builtServer(database);
    // The second process found the registry the first one made and loaded nothing into it.
    expect(b.output()).not.toContain('Loaded');
    const token = (await fvm(['token', 'create', '--org', '1480', '--role', 'analyst'], database)).trim();
    expect(token).toMatch(/^fvm_/);
    const before = await a.entries(token);
    expect(await b.entries(token)).toBe(before);

    await fvm(['logs', 'demo', '300', '--seed', '7', '--out', join(dir, 'more.ndjson')], database);
    expect(await fvm(['logs', 'import', join(dir, 'more.ndjson')], database)).toContain('stored 300, duplicates 0');
    expect(await a.entries(token)).toBe(before + 300);
    expect(await b.entries(token)).toBe(before + 300);
  });
});

describeOnPostgres('the built server on PostgreSQL', () => {
  it('migrates a fresh database and serves it', { timeout: 120_000 }, async () => {
    const postgres = await freshPostgresDatabase();
    databases.push(postgres);
    const location = { FVM_DATABASE: postgres.url, FVM_KEY_FILE: join(dir, 'postgres.pseudonym.key') };
    const server = await builtServer(location);
    expect(server.output()).toMatch(/Loaded reference data into postgres(ql)?:\/\//);
    const token = (await fvm(['token', 'create', '--org', '1480', '--role', 'analyst'], location)).trim();
    expect(await server.entries(token)).toBeGreaterThanOrEqual(20);
  });
});
