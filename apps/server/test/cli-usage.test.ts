import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runFvm } from './support/fvm';

// How the command line answers a call for help or a call it cannot run: the real `fvm` as a child
// process, as operators run it.

const dir = mkdtempSync(join(tmpdir(), 'fvm-cli-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fvm(args: string[], database = join(dir, 'never.sqlite')) {
  const env: NodeJS.ProcessEnv = { ...process.env, FVM_DATABASE: database };
  delete env.INIT_CWD;
  return runFvm(args, env);
}

const STACK_FRAME = /^\s+at /m;
// Each call starts the real command line under tsx (a few seconds each on a loaded two-core runner).
vi.setConfig({ testTimeout: 120_000 });

describe('fvm --help', () => {
  it('prints the whole usage for --help, -h, help or nothing, exit 0, without opening a database', async () => {
    const calls = [['--help'], ['-h'], ['help'], []];
    const runs = await Promise.all(calls.map((args) => fvm(args)));
    for (const [i, args] of calls.entries()) {
      const r = runs[i]!;
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).toBe('');
      for (const command of ['token create', 'demo load', 'logs import', 'logs verify', 'schema']) expect(r.stdout).toContain(`npm run fvm -- ${command}`);
    }
    expect(existsSync(join(dir, 'never.sqlite'))).toBe(false);
  });

  it('prints only the usage of the command named, wherever --help stands', async () => {
    const cases: [string[], string[], string[]][] = [
      [
        ['token', '--help'],
        ['token create', '--org'],
        ['logs import', 'demo load'],
      ],
      [['token', 'create', '--org', '1490', '--help'], ['token create'], ['logs']],
      [
        ['logs', 'import', '--help'],
        ['logs import', '--continue-on-error'],
        ['logs verify', 'token create'],
      ],
      [['logs', '--help'], ['logs import', 'logs verify', 'logs purge'], ['token create']],
      [['demo', 'load', '-h'], ['demo load'], ['demo remove', 'logs']],
    ];
    const runs = await Promise.all(cases.map(([args]) => fvm(args)));
    for (const [i, [args, shown, hidden]] of cases.entries()) {
      const r = runs[i]!;
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Usage:\n/);
      for (const text of shown) expect(r.stdout, args.join(' ')).toContain(text);
      for (const text of hidden) expect(r.stdout, args.join(' ')).not.toContain(`npm run fvm -- ${text}`);
    }
    expect(existsSync(join(dir, 'never.sqlite'))).toBe(false);
  });

  it('takes --help after -- as an argument, not as a call for help', async () => {
    const r = await fvm(['logs', 'import', '--', '--help'], join(dir, 'args.sqlite'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot (read|tell the format of) .*--help/);
  });
});

describe('mistakes in the call', () => {
  const cases: [string[], RegExp, string][] = [
    [['frob'], /^Unknown command "frob"\./, 'npm run fvm -- token create'],
    [['token'], /^"token" needs a command: create/, 'npm run fvm -- token create'],
    [['token', 'frob'], /^Unknown command "token frob"; "token" has: create/, 'npm run fvm -- token create'],
    [['logs'], /^"logs" needs a command: import, verify, rebuild-digest, rotate-key, checkpoint, purge, demo\./, 'npm run fvm -- logs purge'],
    [['logs', 'frob', '--x'], /^Unknown command "logs frob"/, 'npm run fvm -- logs import'],
    [['token', 'create', '--bogus'], /^Unknown option '--bogus'/, 'npm run fvm -- token create'],
    [['token', 'create', '--org', '1490'], /^token create needs --org and --role\./, 'npm run fvm -- token create'],
    [['token', 'create', '--org', '1490', '--role', 'admin'], /^Unknown role "admin"/, 'npm run fvm -- token create'],
    [['logs', 'import', 'x.csv', '--bogus'], /^Unknown option '--bogus'/, 'npm run fvm -- logs import'],
    [['logs', 'verify', '--checkpoint'], /^Option '--checkpoint <value>' argument missing/, 'npm run fvm -- logs verify'],
    [['logs', 'purge', 'now'], /^Unexpected argument 'now'/, 'npm run fvm -- logs purge'],
    [['logs', 'demo', '10', '--seed', 'x'], /^--seed must be a whole number/, 'npm run fvm -- logs demo'],
  ];

  it('says what is wrong and prints the usage on stderr, exit 2, never a stack trace', async () => {
    // The first call creates the database the others share.
    await fvm(['token', 'create'], join(dir, 'mistakes.sqlite'));
    const runs = await Promise.all(cases.map(([args]) => fvm(args, join(dir, 'mistakes.sqlite'))));
    for (const [i, [args, message, usage]] of cases.entries()) {
      const r = runs[i]!;
      const label = `fvm ${args.join(' ')}\n${r.stderr}`;
      expect(r.code, label).toBe(2);
      expect(r.stdout, label).toBe('');
      expect(r.stderr, label).toMatch(message);
      expect(r.stderr, label).toContain(usage);
      expect(r.stderr, label).not.toMatch(STACK_FRAME);
    }
  }, 120_000);

  it('opens no database for a command that does not exist', async () => {
    await fvm(['frob'], join(dir, 'unknown.sqlite'));
    await fvm(['token', 'frob'], join(dir, 'unknown.sqlite'));
    expect(existsSync(join(dir, 'unknown.sqlite'))).toBe(false);
  });
});
