import { countUserLogs, readUserLogPage, type Keyset, type UserLogFilter, type UserLogRow } from '@fvm/db';
import type { LogScope } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context';

// What reading the user log may cost one request. Three bounds, each for a different failure:
// the complexity limit prices log fields by the entries they may read (refused before anything
// runs); a per-request budget of entries bounds what static pricing cannot see (a patient's
// extract, the rows of statistics); and reads go in chunks (of entries, or of time for counts and
// statistics) that give the event loop back between them, because better-sqlite3 is synchronous
// and one long read would stall every other request.

/**
 * Complexity of one entry of a page or extract. Whatever is selected of it, the resolver reads the
 * whole row and builds its whole view, so an entry is priced whole: its read and its twenty-odd
 * fields. The selection beneath is then counted once, not once per entry.
 */
export const LOG_ENTRY_COST = 40;
/**
 * Complexity of one entry of a FHIR export. An AuditEvent is about five times an entry's JSON and
 * takes about twice its time to build: priced so that one full export (1,000 entries, a 3.4 MB
 * answer) fits a request and two do not.
 */
export const FHIR_ENTRY_COST = 60;
/** Complexity of counting matches (totalCount, a Bundle's total, a statistics scan): it reads every match. */
export const LOG_COUNT_COST = 1000;
/** Entries a patient's access extract is priced at: it has no page size, so the budget bounds what it really reads. */
export const EXTRACT_PRICED_ENTRIES = 1000;

/** Rows (entries, or counts of statistics) one request may read from the user log across all its fields, unless the server says otherwise. */
export const DEFAULT_LOG_READ_BUDGET = 20_000;

/** Entries read between two yields to the event loop: a few milliseconds of work. */
const CHUNK = 200;

const used = new WeakMap<GraphQLContext, number>();

function budgetOf(ctx: GraphQLContext) {
  const limit = ctx.logReadBudget ?? DEFAULT_LOG_READ_BUDGET;
  const spent = used.get(ctx) ?? 0;
  return { limit, spent, left: Math.max(0, limit - spent) };
}

function exceeded(field: string, asked: number, budget: { limit: number; left: number }) {
  return new GraphQLError(
    `${field}: reading ${asked} more rows of the user log would pass this request's budget of ${budget.limit} rows (${budget.left} left). Ask for smaller pages or a narrower filter, or split the work over several requests.`,
    { extensions: { code: 'LOG_READ_BUDGET_EXCEEDED', field, asked, budget: budget.limit, left: budget.left } },
  );
}

/** Takes `count` entries from the request's budget, or refuses the field with a typed error. */
export function chargeLogRead(ctx: GraphQLContext, field: string, count: number) {
  const budget = budgetOf(ctx);
  if (count > budget.left) throw exceeded(field, count, budget);
  used.set(ctx, budget.spent + count);
}

/** Lets every other request take a turn (I/O, timers, other resolvers) before the next chunk. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

const keyset = (r: UserLogRow): Keyset => ({ occurredAt: r.occurred_at, id: r.id });

/**
 * One page of entries, exactly as readUserLogPage would answer it, read in chunks with a yield
 * between them, each chunk mapped as soon as it is read so that the mapping is chunked too.
 * A page whose size passes the budget left is refused before anything is read. `limit: null`
 * reads every match (the patient's extract), charging as it goes and refused once past the budget.
 */
export async function readLogEntries<T>(
  ctx: GraphQLContext,
  field: string,
  scope: LogScope,
  filter: UserLogFilter,
  page: { limit: number | null; after?: Keyset | null; before?: Keyset | null; newestFirst: boolean },
  map: (rows: UserLogRow[]) => T[],
): Promise<{ rows: UserLogRow[]; items: T[]; hasMore: boolean }> {
  // A page reserves its whole size before reading (the fields of one request read side by side,
  // a chunk each in turn), and gives back what it did not find.
  if (page.limit !== null) chargeLogRead(ctx, field, page.limit);
  const backwards = page.before != null;
  const chunks: { rows: UserLogRow[]; items: T[] }[] = [];
  let read = 0;
  let cursor = backwards ? page.before! : (page.after ?? null);
  for (;;) {
    const limit = page.limit === null ? CHUNK : Math.min(CHUNK, page.limit - read);
    const chunk = readUserLogPage(ctx.sqlite, scope, filter, { limit, newestFirst: page.newestFirst, ...(backwards ? { before: cursor } : { after: cursor }) });
    if (page.limit === null) chargeLogRead(ctx, field, chunk.rows.length);
    chunks.push({ rows: chunk.rows, items: map(chunk.rows) });
    read += chunk.rows.length;
    if (!chunk.hasMore || chunk.rows.length === 0 || (page.limit !== null && read >= page.limit)) {
      // Going back, each chunk lies before the ones read earlier.
      if (backwards) chunks.reverse();
      if (page.limit !== null) used.set(ctx, (used.get(ctx) ?? 0) - (page.limit - read));
      return { rows: chunks.flatMap((c) => c.rows), items: chunks.flatMap((c) => c.items), hasMore: chunk.hasMore };
    }
    cursor = keyset(backwards ? chunk.rows[0]! : chunk.rows.at(-1)!);
    await yieldToOthers();
  }
}

/** A slice that took less than this grows, one that took more than SLOW shrinks. */
const FAST_MS = 4;
const SLOW_MS = 16;

/**
 * `read` over [from, to) in consecutive time slices with a yield between them, for the reads that
 * are one statement over every match (counts, statistics): without slicing, one statistics query
 * over two months of a million entries held the event loop for two seconds. Slices start at about
 * a 256th of the range and are aligned to `align` ms (a statistics period never straddles two);
 * their width doubles while they run under FAST_MS and halves when they pass SLOW_MS.
 */
export async function overTimeSlices<T>(from: number, to: number, align: number, read: (from: number, to: number) => T[]): Promise<T[]> {
  const results: T[] = [];
  let periods = Math.max(1, Math.floor((to - from) / align / 256));
  for (let start = from; start < to; ) {
    const end = Math.min(to, (Math.floor(start / align) + periods) * align);
    const t0 = performance.now();
    for (const r of read(start, end)) results.push(r);
    const took = performance.now() - t0;
    if (took < FAST_MS) periods *= 2;
    else if (took > SLOW_MS) periods = Math.max(1, Math.floor(periods / 2));
    start = end;
    if (start < to) await yieldToOthers();
  }
  return results;
}

/**
 * How many entries match, counted in time slices between the oldest and the newest match (two
 * index seeks find them), so that counting a million entries gives the event loop back as it goes.
 */
export async function countLogEntries(ctx: GraphQLContext, scope: LogScope, filter: UserLogFilter): Promise<number> {
  const newest = readUserLogPage(ctx.sqlite, scope, filter, { limit: 1, newestFirst: true }).rows[0];
  if (!newest) return 0;
  const oldest = readUserLogPage(ctx.sqlite, scope, filter, { limit: 1, newestFirst: false }).rows[0]!;
  const parts = await overTimeSlices(oldest.occurred_at, newest.occurred_at + 1, 1, (from, to) => [countUserLogs(ctx.sqlite, scope, { ...filter, occurredFrom: from, occurredBefore: to })]);
  return parts.reduce((sum, n) => sum + n, 0);
}
