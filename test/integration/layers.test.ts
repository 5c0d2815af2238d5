import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Only packages/db knows which database engine runs: the GraphQL layer, the server and the grid
// get stores (whole operations, asynchronous), never a handle, a statement or an engine's module.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const above = ['packages/graphql/src', 'apps/server/src', 'apps/grid/src'].flatMap((d) => sources(join(root, d))).map((f) => relative(root, f));

/** What would mean a layer above the stores reaches the engine itself. */
const ENGINE = [
  {
    what: 'an engine driver or dialect module',
    pattern: /from\s+'(better-sqlite3|pg|pg-copy-streams|postgres|drizzle-orm\/(sqlite-core|better-sqlite3|pg-core|node-postgres)[^']*)'/,
  },
  { what: 'a database handle type (Db, Sqlite, Tx)', pattern: /import[^;]*\b(type\s+)?(Db|Sqlite|Tx)\b[^;]*from\s+'@fvm\/db'/ },
  { what: 'opening a database other than through openStores', pattern: /\bopenDatabase\(|\bcreateDb\(/ },
  { what: 'a statement run by hand', pattern: /\.(prepare|pragma|exec)\(\s*['`]/ },
  { what: "SQLite's own words in code", pattern: /\b(data_version|PRAGMA|INDEXED BY)\b/ },
];

describe('layers above the stores know no database engine', () => {
  it.each(above)('%s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const found = ENGINE.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
    expect(found, `${file} reaches past the stores`).toEqual([]);
  });

  it('finds the files it checks', () => {
    expect(above.length).toBeGreaterThan(50);
    expect(above).toContain('packages/graphql/src/types/userLogs.ts');
  });
});
