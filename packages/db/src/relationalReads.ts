// Relational queries (Drizzle's `db.query`) are written once for both engines: SQLite can answer
// them synchronously (`sync()`), PostgreSQL only through a promise. These settle a record of them
// either way, keeping each key's row type.

type SyncQuery<R> = { sync(): R };
type Settled<T> = { [K in keyof T]: T[K] extends PromiseLike<infer R> ? R : never };
type SyncSettled<T> = { [K in keyof T]: T[K] extends SyncQuery<infer R> ? R : never };

/** Every query of the record, awaited together. */
export async function settleAll<T extends Record<string, PromiseLike<unknown>>>(queries: T): Promise<Settled<T>> {
  const entries = await Promise.all(Object.entries(queries).map(async ([key, query]) => [key, await query] as const));
  // Object.fromEntries forgets which key holds which rows; the mapped type restores it.
  return Object.fromEntries(entries) as Settled<T>;
}

/** Every query of the record, answered synchronously (SQLite). */
export function syncAll<T extends Record<string, SyncQuery<unknown>>>(queries: T): SyncSettled<T> {
  return Object.fromEntries(Object.entries(queries).map(([key, query]) => [key, query.sync()])) as SyncSettled<T>;
}
