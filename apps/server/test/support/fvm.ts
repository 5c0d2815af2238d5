import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Where `src/cli.ts` runs from, as `npm run fvm` runs it. */
export const serverDir = join(import.meta.dirname, '..', '..');

export interface FvmRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The real command line as a child process, with exactly this environment. `killWhen` sees the
 * standard error as it grows and kills the process (SIGKILL) the moment it says yes;
 * `killAfterMs` kills it that long after the start, wherever it is.
 */
export function runFvm(args: string[], env: NodeJS.ProcessEnv, killWhen?: (stderr: string) => boolean, killAfterMs?: number): Promise<FvmRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', () => timer && clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (killWhen?.(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
