import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSignIn } from '../src/config';
import { freshPostgresDatabase, type PostgresDatabase } from '../../../test/support/postgres';
import { testEngine } from '../../../test/support/server';
import { runFvm, serverDir } from './support/fvm';

// The real command line and the real server process, as an operator runs them: tokens are
// listed (never their secret) and revoked; demo sign-in is on only where it was asked for, on
// loopback, outside production, and the server says at start which and why. The registry is a
// SQLite file, or under FVM_TEST_ENGINE=postgresql a fresh PostgreSQL database with its key file.

const dir = mkdtempSync(join(tmpdir(), 'fvm-tokens-cli-'));
let postgres: PostgresDatabase | undefined;
/** FVM_DATABASE, and on PostgreSQL FVM_KEY_FILE. */
let location: NodeJS.ProcessEnv = {};
beforeAll(async () => {
  if (testEngine() === 'postgresql') {
    postgres = await freshPostgresDatabase();
    location = { FVM_DATABASE: postgres.url, FVM_KEY_FILE: join(dir, 'registry.pseudonym.key') };
  } else {
    location = { FVM_DATABASE: join(dir, 'registry.sqlite') };
  }
});
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function environment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FVM_DEMO_LOG_ENTRIES: '20', ...extra };
  for (const key of ['FVM_KEY_FILE', 'FVM_LOG_DATABASE', 'FVM_PSEUDONYM_KEY', 'INIT_CWD', 'NODE_ENV', 'HOST', 'FVM_DEMO_SIGNIN', 'FVM_TOKEN_DAYS'])
    if (!(key in extra)) delete env[key];
  return { ...env, ...location };
}

function cli(args: string[], extra: NodeJS.ProcessEnv = {}) {
  return runFvm(args, environment(extra));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the server (src/main.ts) and answers its start-up output and a way to call it, once it listens. */
async function server(extra: NodeJS.ProcessEnv) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: environment({ PORT: String(port), ...extra }),
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
    child.on('close', (code) => reject(new Error(`the server stopped (${code}):\n${output}`)));
  });
  const gql = async (query: string) =>
    (
      await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    ).json();
  const stop = () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
  return { output, gql, stop };
}

describe('demo sign-in, decided at start', () => {
  it('only with FVM_DEMO_SIGNIN=1, on a loopback address, outside production', () => {
    expect(demoSignIn(undefined, '127.0.0.1', false).enabled).toBe(false);
    expect(demoSignIn('1', '127.0.0.1', false).enabled).toBe(true);
    expect(demoSignIn('1', '::1', false).enabled).toBe(true);
    expect(demoSignIn('1', '0.0.0.0', false)).toEqual({ enabled: false, reason: 'HOST=0.0.0.0 is not a loopback address (127.0.0.1, ::1, localhost)' });
    expect(demoSignIn('1', '10.1.2.3', false).enabled).toBe(false);
    expect(demoSignIn('1', '127.0.0.1', true)).toEqual({ enabled: false, reason: 'NODE_ENV=production never allows it' });
  });

  it('the server under NODE_ENV=production refuses it even when asked, and says why; on loopback as npm start has it, it is on', async () => {
    const production = await server({ NODE_ENV: 'production', FVM_DEMO_SIGNIN: '1' });
    // The registry this run is about: the SQLite file, or the PostgreSQL database.
    expect(production.output).toMatch(
      postgres ? /Loaded reference data into postgres(ql)?:\/\/[^\n]*\/fvm_test_/ : /Loaded reference data into [^\n]*registry\.sqlite/,
    );
    expect(production.output).toContain('Demo sign-in is off: NODE_ENV=production never allows it');
    expect(production.output).not.toContain('Demo tokens');
    expect((await production.gql('{ demoUsers { role } }')).data.demoUsers).toEqual([]);
    const refused = await production.gql('mutation { signInAsDemoUser(role: REGIONAL_ADMIN) }');
    expect(refused.data?.signInAsDemoUser ?? null).toBeNull();
    expect(refused.errors).toHaveLength(1);
    await production.stop();

    const local = await server({ FVM_DEMO_SIGNIN: '1' });
    expect(local.output).toContain('Demo sign-in is on');
    const token = (await local.gql('mutation { signInAsDemoUser(role: REGIONAL_ADMIN) }')).data.signInAsDemoUser;
    expect(token).toMatch(/^fvm_/);
    await local.stop();
  }, 120_000);
});

describe('fvm token', () => {
  it('creates tokens with an expiry, lists them without secret or hash, and revokes one by prefix or id', async () => {
    const a = await cli(['token', 'create', '--org', '1490', '--role', 'org_admin', '--label', 'Borås admin', '--days', '30']);
    expect(a.code, a.stderr).toBe(0);
    const b = await cli(['token', 'create', '--org', '1480', '--role', 'analyst', '--expires', '2099-01-01']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain('expires 2099-01-01T00:00:00.000Z');
    const past = await cli(['token', 'create', '--org', '1480', '--role', 'analyst', '--expires', '2001-01-01']);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/not in the future/);
    const secretA = a.stdout.trim();
    const secretB = b.stdout.trim();

    const list = await cli(['token', 'list']);
    expect(list.code, list.stderr).toBe(0);
    const [header, ...lines] = list.stdout.trim().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['id', 'prefix', 'organisation', 'role', 'label', 'created', 'expires', 'last used', 'revoked']);
    const mine = lines.filter((l) => l.includes(secretA.slice(0, 10)) || l.includes(secretB.slice(0, 10)));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatch(/Borås\s+org_admin\s+Borås admin/);
    expect(mine[1]).toContain('2099-01-01T00:00');
    expect(list.stdout).not.toContain(secretA.slice(10, 30));
    expect(list.stdout).not.toMatch(/[0-9a-f]{64}/);

    const ambiguous = await cli(['token', 'revoke', 'fvm_']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/matches \d+ tokens/);
    const byPrefix = await cli(['token', 'revoke', secretA.slice(0, 10)]);
    expect(byPrefix.code, byPrefix.stderr).toBe(0);
    expect(byPrefix.stdout).toMatch(/^Revoked token \d+/);
    const id = mine[1]!.split(/\s+/)[0]!;
    expect((await cli(['token', 'revoke', id])).stdout).toMatch(new RegExp(`^Revoked token ${id} `));
    expect((await cli(['token', 'revoke', id])).stdout).toMatch(/already revoked/);
    const after = (await cli(['token', 'list'])).stdout.split('\n').filter((l) => l.includes(secretA.slice(0, 10)) || l.includes(secretB.slice(0, 10)));
    expect(after.every((l) => /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(l.trim()))).toBe(true);
  }, 120_000);
});
