import type { Keyset, UserLogFilter, UserLogRecord } from '@fvm/db';
import type { LogScope } from '@fvm/domain';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context';
import { loadLookup } from './lookup';

// What reading the user log may cost one request. Two bounds, each for a different failure:
// the complexity limit prices log fields by the entries they may read (refused before anything
// runs); and a per-request budget of entries bounds what static pricing cannot see (a patient's
// extract, the rows of statistics). How a read shares the server with other requests (SQLite's
// stores read in slices) is the store's business.

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

/**
 * One page of entries, exactly as the store's readPage answers it, mapped for the answer. A page
 * whose size passes the budget left is refused before anything is read. `limit: null` reads every
 * match (the patient's extract): up to the budget left, and refused by name past it.
 */
export async function readLogEntries<T>(
  ctx: GraphQLContext,
  field: string,
  scope: LogScope,
  filter: UserLogFilter,
  page: { limit: number | null; after?: Keyset | null; before?: Keyset | null; newestFirst: boolean },
  map: (rows: UserLogRecord[]) => T[],
): Promise<{ rows: UserLogRecord[]; items: T[]; hasMore: boolean }> {
  // A page reserves its whole size before reading (the fields of one request read side by side),
  // and gives back what it did not find.
  if (page.limit !== null) chargeLogRead(ctx, field, page.limit);
  const limit = page.limit ?? budgetOf(ctx).left + 1;
  const [{ rows, hasMore }] = await Promise.all([ctx.stores.logs.readPage(scope, filter, { ...page, limit }), loadLookup(ctx)]);
  if (page.limit === null) chargeLogRead(ctx, field, rows.length);
  else used.set(ctx, (used.get(ctx) ?? 0) - (page.limit - rows.length));
  return { rows, items: map(rows), hasMore };
}

/** How many entries match. */
export function countLogEntries(ctx: GraphQLContext, scope: LogScope, filter: UserLogFilter): Promise<number> {
  return ctx.stores.logs.count(scope, filter);
}
