import { registryReads, type RegistryReadQuery, type RegistryTable } from './registryReads';
import type { RegistryQueries } from './stores/types';

// Drizzle builds a relational query's SQL, its row mapper and (on SQLite) its statement anew at
// every call: for the registry's nested page that is most of Drizzle's time, more than running
// the SQL. A caller that knows when two calls are the same query (the same table, conditions,
// order, page and selection) names them with one key, and the query is built once and kept,
// prepared, for the next call with that key. On PostgreSQL the statement is named by Drizzle
// from its SQL, so the server prepares each shape once per connection, whatever the values.

type Row = Record<string, unknown>;

/** What Drizzle's relational query offers besides being awaited: preparing it once. */
interface Preparable {
  prepare(name?: string): { execute(): PromiseLike<Row[]> };
}

/** Relational reads prepared once per key (the key must name everything the query depends on). */
export interface PreparedRegistryReads {
  findMany(key: string, table: RegistryTable, build: () => RegistryReadQuery): PromiseLike<Row[]>;
}

const DEFAULT_ENTRIES = 500;
const caches = new WeakMap<RegistryQueries, PreparedRegistryReads>();

/** The prepared reads of a registry database (one set per store, shared by its callers). */
export function preparedRegistryReads(db: RegistryQueries, maxEntries = DEFAULT_ENTRIES): PreparedRegistryReads {
  let reads = caches.get(db);
  if (!reads) caches.set(db, (reads = createPreparedReads(db, maxEntries)));
  return reads;
}

function createPreparedReads(db: RegistryQueries, maxEntries: number): PreparedRegistryReads {
  const prepared = new Map<string, { execute(): PromiseLike<Row[]> }>();
  return {
    findMany(key, table, build) {
      const cacheKey = `${table}\u0000${key}`;
      let query = prepared.get(cacheKey);
      if (query) {
        // Least recently used goes first.
        prepared.delete(cacheKey);
      } else {
        // Drizzle's findMany is a query builder that can be prepared; its type here is the one
        // the table-agnostic reads promise (registryReads), a promise of rows.
        query = (registryReads(db, table).findMany(build()) as unknown as Preparable).prepare();
        if (prepared.size >= maxEntries) prepared.delete(prepared.keys().next().value!);
      }
      prepared.set(cacheKey, query);
      return query.execute();
    },
  };
}
