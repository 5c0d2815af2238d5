// A throwaway PostgreSQL cluster for one test run, from Debian's binaries. Nothing here knows vitest.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian installs each major version beside the others and puts none of them on PATH. */
export const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest version's bin directory that has initdb and pg_ctl, or null. */
export function findPostgresBin(root = POSTGRES_ROOT): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

export interface Cluster {
  /** The superuser's URL for the `postgres` database, over TCP on loopback. */
  readonly url: string;
  /** Stops the server and deletes its directory. */
  stop(): Promise<void>;
  /** The same, synchronously, for process exit handlers (which cannot wait). */
  stopNow(): void;
}

/**
 * initdb and postgres refuse to run as root; as root they run as Debian's `postgres` user, which
 * must own the directory. As anyone else they run as that user.
 */
function asOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function exec(command: string, args: string[], cwd: string): Promise<void> {
  const [cmd, argv] = asOwner(command, args);
  try {
    // cwd is the cluster's own directory: as `postgres`, the caller's directory may be unreadable.
    await run(cmd, argv, { cwd });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} failed: ${(stderr || stdout || String(error)).trim()}`, { cause: error });
  }
}

/**
 * Creates and starts a cluster in a fresh temporary directory (data, socket and log all inside it),
 * with durability off: its contents die with the run. A watchdog stops it should this process be
 * killed outright, where neither teardown nor exit handlers run.
 */
export async function startCluster(bin: string): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  const pgCtl = join(bin, 'pg_ctl');
  try {
    if (process.getuid?.() === 0) await run('chown', ['postgres:', dir]);
    await exec(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'], dir);
    // A free port can be taken between asking and binding; another one is asked for then.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = `-k '${dir}' -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await exec(pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start'], dir);
        break;
      } catch (error) {
        const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
        if (attempt < 3 && /could not bind/i.test(serverLog)) continue;
        throw new Error(`${(error as Error).message}\n${serverLog.trim()}`, { cause: error });
      }
    }
    return clusterAt(dir, pgCtl, data, port);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function clusterAt(dir: string, pgCtl: string, data: string, port: number): Cluster {
  const stopArgs = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  const [stopCmd, stopArgv] = asOwner(pgCtl, stopArgs);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${[stopCmd, ...stopArgv].map(quote).join(' ')}; rm -rf ${quote(dir)}`],
    { cwd: dir, detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  let stopped = false;
  const finish = () => {
    stopped = true;
    if (watchdog.exitCode === null) watchdog.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      await exec(pgCtl, stopArgs, dir).catch(() => {}); // already down is fine: the directory goes anyway
      finish();
    },
    stopNow() {
      if (stopped) return;
      spawnSync(stopCmd, stopArgv, { cwd: dir, stdio: 'ignore' });
      finish();
    },
  };
}
