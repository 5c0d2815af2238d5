import type { Sqlite } from './client';

// A cheap answer to "has anything been written since?", for caches above the database:
// SQLite's data_version moves when another connection (the CLI, a second server) commits, and
// our own counter moves when this connection does.

const local = new WeakMap<Sqlite, { count: number; dataVersion: { get(): unknown } }>();

function entry(sqlite: Sqlite) {
  let e = local.get(sqlite);
  if (!e) {
    e = { count: 0, dataVersion: sqlite.prepare('PRAGMA data_version').pluck() };
    local.set(sqlite, e);
  }
  return e;
}

export function writeGeneration(sqlite: Sqlite): string {
  const e = entry(sqlite);
  return `${e.dataVersion.get() as number}:${e.count}`;
}

/** Called after every commit on this connection that changes what queries return. */
export function noteWrite(sqlite: Sqlite): void {
  entry(sqlite).count++;
}
