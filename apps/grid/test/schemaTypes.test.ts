import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const grid = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = () => join(dirname(createRequire(join(grid, 'package.json')).resolve('gql.tada/package.json')), 'bin', 'cli.js');

describe('the grid’s GraphQL types', () => {
  // The grid's queries are typed from src/graphql-env.d.ts; were it older than the schema, a schema
  // change that breaks a query would pass the typecheck. `npm test` regenerates it before tsc; this
  // catches a stale copy wherever tsc runs without that step.
  it('src/graphql-env.d.ts is generated from the checked-in schema.graphql', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fvm-grid-types-'));
    try {
      const fresh = join(dir, 'graphql-env.d.ts');
      const r = spawnSync(process.execPath, [cli(), 'generate', 'output', '--output', fresh], { cwd: grid, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const checkedIn = readFileSync(join(grid, 'src', 'graphql-env.d.ts'), 'utf8');
      expect(checkedIn === readFileSync(fresh, 'utf8'), 'stale: run `pnpm --filter @fvm/grid run generate`').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  // The types catch a removed or retyped field the grid reads; a field it only selects would pass
  // tsc and fail at run time. gql.tada's check validates every document against the schema.
  it('every query and mutation of the grid is valid against schema.graphql (gql.tada check)', () => {
    const r = spawnSync(process.execPath, [cli(), 'check'], { cwd: grid, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  }, 60_000);
});
