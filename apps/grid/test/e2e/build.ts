import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gridBuildIsStale } from '../../scripts/freshness.mjs';

/**
 * Builds the grid (production) when dist/ is older than its sources. The end-to-end files run in
 * parallel and each needs the build: a lock directory makes one build while the others wait, so
 * no two builds empty and write dist/ at once.
 */
export async function ensureGridBuilt(root: string): Promise<void> {
  const lock = join(root, 'apps', 'grid', '.dist-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else builds; a lock left by a crashed run goes after two minutes.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!gridBuildIsStale(root)) return;
    const pnpm = `pnpm@${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]}`;
    // NODE_ENV is "test" in here; the build must be the production one the server serves.
    const built = spawnSync('npx', ['--yes', pnpm, '--filter', '@fvm/grid', 'run', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (built.status !== 0) throw new Error('building the grid failed');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
