#!/usr/bin/env node
// The root npm scripts land here so that a fresh clone needs only Node and npm:
// pnpm is fetched at its pinned version through npx (no global pnpm, no corepack),
// dependencies are installed when the lockfile changed, then the task runs.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gridBuildIsStale } from '../apps/grid/scripts/freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

const env = { ...process.env };
// better-sqlite3 has no reachable prebuilt binary here; it compiles against the system's Node headers.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpm(args) {
  return run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args]);
}

function ensureInstalled() {
  const lock = join(root, 'pnpm-lock.yaml');
  const stamp = join(root, 'node_modules', '.fvm-install-stamp');
  const manifests = [lock, join(root, 'pnpm-workspace.yaml')].filter(existsSync).map((f) => readFileSync(f));
  const digest = createHash('sha256').update(Buffer.concat(manifests)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  const frozen = existsSync(lock) && process.env.CI ? ['--frozen-lockfile'] : [];
  const status = pnpm(['install', ...frozen]);
  if (status !== 0) process.exit(status);
  writeFileSync(stamp, digest);
}

const [task, ...rest] = process.argv.slice(2);
ensureInstalled();
// The server serves the grid's build at /: build it when it is missing or older than its sources.
const buildGrid = () => (gridBuildIsStale(root) ? pnpm(['--filter', '@fvm/grid', 'run', 'build']) : 0);
// `npm start` is the local demo: it asks for demo sign-in, which the server grants only while it
// listens on loopback alone and not in production (it says at start which, and why).
const startEnv = () => (env.FVM_DEMO_SIGNIN ??= '1');
const tasks = {
  start: () => (startEnv(), buildGrid() || pnpm(['--filter', '@fvm/server', 'run', 'start', ...rest])),
  // The typecheck is part of the tests: a schema or rule change that breaks a caller fails here
  // (the grid's query types are regenerated from schema.graphql first, so they cannot lag behind).
  test: () =>
    pnpm(['--silent', '--filter', '@fvm/grid', 'run', 'generate']) ||
    pnpm(['exec', 'tsc', '-p', 'tsconfig.json']) ||
    // A lint error or an unformatted file fails the tests as a failing assertion does.
    tasks.lint() ||
    tasks['format:check']() ||
    pnpm(['exec', 'vitest', 'run', ...rest]),
  lint: () => pnpm(['exec', 'eslint', '.']),
  // Prettier's settings: .prettierrc.json; what it leaves alone (generated files, Markdown, SQL): .prettierignore.
  format: () => pnpm(['exec', 'prettier', '--write', '--log-level', 'warn', '.']),
  'format:check': () => pnpm(['exec', 'prettier', '--check', '--log-level', 'warn', '.']),
  // The production build (README, "Running in production"): the grid's files and the server's
  // dist/main.js, dist/cli.js, run by plain node with no npm, pnpm or tsx around them.
  build: () => pnpm(['--filter', '@fvm/grid', 'run', 'build']) || pnpm(['--filter', '@fvm/server', 'run', 'build']),
  bench: () => pnpm(['--filter', '@fvm/test', 'run', 'bench', ...rest]),
  schema: () => pnpm(['--filter', '@fvm/graphql', 'run', 'schema']),
  fvm: () => pnpm(['--silent', '--filter', '@fvm/server', 'run', 'fvm', ...rest]),
};
if (!tasks[task]) {
  console.error(`unknown task "${task}"; one of: ${Object.keys(tasks).join(', ')}`);
  process.exit(2);
}
process.exit(tasks[task]());
