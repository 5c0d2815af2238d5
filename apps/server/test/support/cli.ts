import { openDatabase } from '@fvm/db';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

// The real command line, as an operator runs it: a child process on a database file of its own,
// with the pseudonym key file created beside it.

const serverDir = join(import.meta.dirname, '..', '..');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `fvm …` on `database`; SIGKILL once `kill.when` holds for the stderr so far, or `kill.afterMs` after the start. */
export function cli(database: string, args: string[], kill: { when?: (stderr: string) => boolean; afterMs?: number } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, FVM_DATABASE: database };
  delete env.FVM_PSEUDONYM_KEY;
  delete env.INIT_CWD;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = kill.afterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (kill.when?.(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The result of one SQL statement on the database file, opened apart from any running command. */
export function sql<T>(database: string, fn: (s: ReturnType<typeof openDatabase>['sqlite']) => T): T {
  const { sqlite, close } = openDatabase(database, { migrate: false });
  try {
    return fn(sqlite);
  } finally {
    close();
  }
}

export const countEntries = (database: string) => sql(database, (s) => s.prepare('SELECT count(*) FROM user_log_entries').pluck().get() as number);
