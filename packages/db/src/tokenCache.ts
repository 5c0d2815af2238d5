import type { Viewer } from '@fvm/domain';
import type { Db, Sqlite } from './client';
import { prepared } from './statements';
import { lookupParams, TOKEN_SQL, viewerOfToken, type TokenLookupRow } from './tokens';

// Every request with a token looks it up (a SHA-256 and a query): on a small query that is as
// much work as the query itself. On SQLite the answer is kept per secret while nothing at all has
// been written to the database: by another connection (PRAGMA data_version moves) or by this one
// (total_changes() moves: a revocation, a touch, any write, through the store or not). So a token
// revoked by the command line or the API is refused at the very next request, as before. An entry
// also ends at the token's expiry and when its last-used time is due a write (once a minute),
// which then happens exactly as without the cache.

const LOOKUP_WITH_EXPIRY = TOKEN_SQL.lookup.replace(' FROM api_tokens', ', expires_at AS "expiresAt" FROM api_tokens');
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_ENTRIES = 1000;

interface Entry {
  viewer: Viewer;
  state: string;
  /** Until when the entry answers: the token's expiry, or the moment its last-used time is due a write. */
  untilMs: number;
}

const caches = new WeakMap<Sqlite, Map<string, Entry>>();

/** What has been written to the database, by anyone, as one string: equal only while nothing was. */
function writeState(sqlite: Sqlite): string {
  const { data_version: others } = prepared(sqlite, 'PRAGMA data_version').get() as { data_version: number };
  const { n: own } = prepared(sqlite, 'SELECT total_changes() AS n').get() as { n: number };
  return `${others}:${own}`;
}

/** viewerForToken, answered from memory while nothing has been written since the lookup. */
export function cachedViewerForToken(db: Db, secret: string, now: Date = new Date()): Viewer | null {
  const sqlite = db.$client;
  let cache = caches.get(sqlite);
  if (!cache) caches.set(sqlite, (cache = new Map()));
  const state = writeState(sqlite);
  const hit = cache.get(secret);
  if (hit && hit.state === state && now.getTime() < hit.untilMs) return hit.viewer;
  cache.delete(secret);
  const row = prepared(sqlite, LOOKUP_WITH_EXPIRY).get(...lookupParams(secret, now)) as (TokenLookupRow & { expiresAt: string }) | undefined;
  if (!row) return null;
  // The lookup's answer and its touch, exactly as viewerForToken's.
  const { viewer, touch } = viewerOfToken(row, now);
  if (touch) prepared(sqlite, TOKEN_SQL.touch).run(...touch);
  const lastUsedMs = touch ? now.getTime() : Date.parse(row.lastUsedAt!);
  const untilMs = Math.min(Date.parse(row.expiresAt), lastUsedMs + LAST_USED_RESOLUTION_MS);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  // After a touch, the state that follows it: the touch itself is this entry's own write.
  cache.set(secret, { viewer, state: touch ? writeState(sqlite) : state, untilMs });
  return viewer;
}
