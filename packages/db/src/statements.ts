import type Database from 'better-sqlite3';
import type { Sqlite } from './client';

const cache = new WeakMap<Sqlite, Map<string, Database.Statement>>();

/** A statement prepared once per connection: preparing costs more than running most of ours. */
export function prepared(sqlite: Sqlite, text: string): Database.Statement {
  let byText = cache.get(sqlite);
  if (!byText) cache.set(sqlite, (byText = new Map()));
  let stmt = byText.get(text);
  if (!stmt) {
    // Filters build statement texts from their shape; bound the cache rather than trust that.
    if (byText.size > 500) byText.clear();
    byText.set(text, (stmt = sqlite.prepare(text)));
  }
  return stmt;
}
