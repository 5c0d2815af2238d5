// An in-memory user log behind the pager's backend interface, with the server's semantics: keyset
// cursors on (time, id), time ranges [from, before), both orders, counts. Binary searches keep it
// fast at a million entries, so the tests can check every row against the truth.
import type { FetchedRow, ListOrder, PinnableBackend, TimeRange } from '../src/logs/pager';

export interface FakeNode {
  id: number;
  timeMs: number;
}

export interface RequestRecord {
  kind: 'open' | 'last' | 'counts' | 'rows' | 'probe';
  rows: number;
  /** Rows counted by this request's range count, if any. */
  counted: number;
}

/** A seeded generator (mulberry32), so that failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Times ascending; ids in insertion order as the registry assigns them (not necessarily time order). */
export class FakeLog implements PinnableBackend<FakeNode> {
  times: number[];
  ids: number[];
  requests: RequestRecord[] = [];
  pinnedBefore: number | null = null;
  /** Fails the next n requests. */
  failNext = 0;
  /** Resolves each request after this many ms (0: next microtask). */
  delayMs = 0;

  constructor(times: number[]) {
    const order = times.map((t, i) => ({ t, id: i + 1 })).sort((a, b) => a.t - b.t || a.id - b.id);
    this.times = order.map((o) => o.t);
    this.ids = order.map((o) => o.id);
  }

  /** Entries stored later (a live log): they get new ids. */
  append(times: number[]) {
    let next = Math.max(0, ...this.ids) + 1;
    const all = this.times.map((t, i) => ({ t, id: this.ids[i]! })).concat(times.map((t) => ({ t, id: next++ })));
    all.sort((a, b) => a.t - b.t || a.id - b.id);
    this.times = all.map((o) => o.t);
    this.ids = all.map((o) => o.id);
  }

  get size() {
    return this.times.length;
  }

  /** The true list in an order (ids), for comparison. */
  truth(order: ListOrder, pinBefore: number | null = this.pinnedBefore): number[] {
    const [lo, hi] = this.bounds({ fromMs: null, beforeMs: null }, pinBefore);
    const ids = this.ids.slice(lo, hi);
    return order === 'NEWEST_FIRST' ? ids.reverse() : ids;
  }

  pin(beforeMs: number) {
    this.pinnedBefore = beforeMs;
  }

  private async answer<T>(record: RequestRecord, value: () => T): Promise<T> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('the server is down');
    }
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    else await Promise.resolve();
    const v = value();
    this.requests.push(record);
    return v;
  }

  /** First index with time ≥ t. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose key (time, id) is greater than the given one (or ≥ when `inclusive`). */
  private keyBound(t: number, id: number, inclusive: boolean): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const mt = this.times[mid]!;
      const mi = this.ids[mid]!;
      const less = mt < t || (mt === t && (inclusive ? mi < id : mi <= id));
      if (less) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private bounds(range: TimeRange | undefined, pin: number | null = this.pinnedBefore): [number, number] {
    const lo = range?.fromMs != null ? this.lowerBound(range.fromMs) : 0;
    const befores = [range?.beforeMs ?? null, pin].filter((v): v is number => v !== null);
    const hi = befores.length ? this.lowerBound(Math.min(...befores)) : this.times.length;
    return [lo, Math.max(lo, hi)];
  }

  private row(i: number): FetchedRow<FakeNode> {
    const timeMs = this.times[i]!;
    const id = this.ids[i]!;
    return { cursor: `${timeMs}:${id}`, timeMs, node: { id, timeMs } };
  }

  private take(order: ListOrder, first: number, after: string | null, range?: TimeRange): FetchedRow<FakeNode>[] {
    const [lo, hi] = this.bounds(range);
    const out: FetchedRow<FakeNode>[] = [];
    const key = after ? after.split(':').map(Number) : null;
    if (order === 'OLDEST_FIRST') {
      const start = Math.max(lo, key ? this.keyBound(key[0]!, key[1]!, false) : lo);
      for (let i = start; i < hi && out.length < first; i++) out.push(this.row(i));
    } else {
      const end = Math.min(hi, key ? this.keyBound(key[0]!, key[1]!, true) : hi);
      for (let i = end - 1; i >= lo && out.length < first; i--) out.push(this.row(i));
    }
    return out;
  }

  open(order: ListOrder, first: number) {
    return this.answer({ kind: 'open', rows: first, counted: 0 }, () => this.take(order, first, null));
  }

  last(order: ListOrder) {
    return this.answer({ kind: 'last', rows: 1, counted: 0 }, () => this.take(order === 'NEWEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST', 1, null)[0] ?? null);
  }

  count(range: TimeRange) {
    const [lo, hi] = this.bounds(range);
    return hi - lo;
  }

  counts(ranges: TimeRange[]) {
    const counted = ranges.map((r) => this.count(r));
    return this.answer({ kind: 'counts', rows: 0, counted: counted.reduce((a, b) => a + b, 0) }, () => counted);
  }

  /** Ranges the reads asked for, to check that they bound what they walk. */
  ranges: (TimeRange | undefined)[] = [];

  rows(order: ListOrder, first: number, after: string | null, range?: TimeRange) {
    this.ranges.push(range);
    return this.answer({ kind: 'rows', rows: first, counted: 0 }, () => this.take(order, first, after, range));
  }

  probe(r: { order: ListOrder; width: number; head: TimeRange; tail: TimeRange; count: TimeRange }) {
    const [lo, hi] = this.bounds(r.count);
    return this.answer({ kind: 'probe', rows: 2 * r.width, counted: hi - lo }, () => ({
      head: this.take(r.order === 'NEWEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST', r.width, null, r.head),
      tail: this.take(r.order, r.width, null, r.tail),
      count: hi - lo,
    }));
  }
}

const YEAR_START = Date.parse('2025-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;

/** Evenly spread over a year with jitter, like `fvm logs demo`. */
export function uniformTimes(n: number, seed = 1): number[] {
  const rnd = random(seed);
  const step = YEAR_MS / n;
  return Array.from({ length: n }, (_, i) => Math.round(YEAR_START + i * step + rnd() * step));
}

/** Real logs are bursty: busy weekday daytimes, quiet nights, a few days of nothing, growth over the year. */
export function burstyTimes(n: number, seed = 2): number[] {
  const rnd = random(seed);
  const out: number[] = [];
  while (out.length < n) {
    const t = YEAR_START + Math.floor(Math.sqrt(rnd()) * YEAR_MS);
    const day = Math.floor((t - YEAR_START) / 86_400_000);
    if (day % 53 < 3) continue; // outages
    const hour = new Date(t).getUTCHours();
    const weekend = day % 7 >= 5;
    const weight = (hour >= 7 && hour < 17 ? 1 : 0.05) * (weekend ? 0.2 : 1);
    if (rnd() < weight) out.push(t);
  }
  return out;
}
