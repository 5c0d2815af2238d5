// Whether apps/grid/dist is missing or older than what it is built from. Plain JavaScript, so the
// root scripts (scripts/workspace.mjs) can use it before anything is compiled; the e2e test too.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** @param {string} root the repository root */
export function gridBuildIsStale(root) {
  const grid = join(root, 'apps', 'grid');
  const built = join(grid, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = [
    join(grid, 'src'),
    join(grid, 'index.html'),
    join(grid, 'vite.config.ts'),
    join(grid, 'package.json'),
    join(root, 'packages', 'domain', 'src'),
  ];
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}
