import type { TadaDocumentNode } from 'gql.tada';
import { MAX_COUNTS, reverseOf, type FetchedRow, type PinnableBackend, type TimeRange } from './pager';
import { UserLogCountsQuery, UserLogLastQuery, UserLogOpenQuery, UserLogProbeQuery, UserLogRowsQuery, type LogEntry, type UserLogFilter } from './queries';

/** Runs one GraphQL document; resolves with its data or rejects (GraphQL or network error). */
export type Execute = <D, V extends Record<string, unknown>>(document: TadaDocumentNode<D, V>, variables: V) => Promise<D>;

const toMs = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
const toIso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The base filter narrowed to a time range (and the pin): the later start and the earlier end win. */
export function narrow(base: UserLogFilter, range: TimeRange | undefined, pinBeforeMs: number | null): UserLogFilter {
  const from = [toMs(base.occurredFrom), range?.fromMs ?? null].filter((v): v is number => v !== null);
  const before = [toMs(base.occurredBefore), range?.beforeMs ?? null, pinBeforeMs].filter((v): v is number => v !== null);
  const filter: UserLogFilter = { ...base };
  const f = from.length ? Math.max(...from) : null;
  const b = before.length ? Math.min(...before) : null;
  if (f === null) delete filter.occurredFrom;
  else filter.occurredFrom = toIso(f);
  if (b === null) delete filter.occurredBefore;
  else filter.occurredBefore = toIso(b);
  return filter;
}

type Edges = { edges: readonly { cursor: string; node: LogEntry }[] };
const rowsOf = (c: Edges): FetchedRow<LogEntry>[] => c.edges.map((e) => ({ cursor: e.cursor, timeMs: Date.parse(e.node.occurredAt), node: e.node }));

export type LogBackend = PinnableBackend<LogEntry>;

/** `userLogs` for the pager, over the user's filter. */
export function graphqlLogBackend(execute: Execute, base: UserLogFilter): LogBackend {
  let pin: number | null = null;
  const f = (range?: TimeRange) => narrow(base, range, pin);
  return {
    pin(beforeMs) {
      pin = beforeMs;
    },
    async open(order, first) {
      const data = await execute(UserLogOpenQuery, { filter: f(), order, first });
      return rowsOf(data.userLogs);
    },
    async last(order) {
      const data = await execute(UserLogLastQuery, { filter: f(), reverse: reverseOf(order) });
      return rowsOf(data.userLogs)[0] ?? null;
    },
    async counts(ranges) {
      if (ranges.length > MAX_COUNTS) throw new Error(`at most ${MAX_COUNTS} ranges in one request`);
      // Unused aliases count an empty range (nothing is before the epoch's first millisecond).
      const none: TimeRange = { fromMs: 1, beforeMs: 0 };
      const v = Array.from({ length: MAX_COUNTS }, (_, i) => f(ranges[i] ?? none));
      const data = await execute(UserLogCountsQuery, {
        f0: v[0],
        f1: v[1],
        f2: v[2],
        f3: v[3],
        f4: v[4],
        f5: v[5],
        f6: v[6],
        f7: v[7],
        f8: v[8],
        f9: v[9],
        f10: v[10],
        f11: v[11],
      });
      const all = [data.c0, data.c1, data.c2, data.c3, data.c4, data.c5, data.c6, data.c7, data.c8, data.c9, data.c10, data.c11].map((c) => c.totalCount);
      return all.slice(0, ranges.length);
    },
    async rows(order, first, after, range) {
      const data = await execute(UserLogRowsQuery, { filter: f(range), order, first, after });
      return rowsOf(data.userLogs);
    },
    async probe({ order, width, head, tail, count }) {
      const data = await execute(UserLogProbeQuery, { head: f(head), tail: f(tail), count: f(count), order, reverse: reverseOf(order), width });
      return { head: rowsOf(data.head), tail: rowsOf(data.tail), count: data.count.totalCount };
    },
  };
}
