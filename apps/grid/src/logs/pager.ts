/**
 * Random access by row position over a keyset-paged, time-ordered log: what AG Grid's infinite row
 * model asks for ("rows 5,000,000–5,000,099") expressed in what `userLogs` offers (cursors, time
 * filters, `totalCount`). Pure: the server is behind `PagerBackend`, so tests run on a fake.
 *
 * How a block of rows [s, e) is found
 * -----------------------------------
 * A keyset cursor names a row, not a position, and cannot jump. Two facts make positions reachable:
 *
 * 1. From a row whose position and cursor are known (an *anchor*), the rows after it in list order
 *    are one `first: n, after: cursor` away, and the rows before it one `first: n, after: cursor`
 *    in the reverse order away. Every row fetched becomes knowledge: the pager keeps, per fetched
 *    run, the cursors at its ends and at block edges (in effect a map block index → cursor of the
 *    block's first and last row). Sequential scrolling is therefore one request of one block per
 *    block, and any block within MAX_PAGE rows of an anchor is one request away.
 *
 * 2. A time t splits the list at a *boundary*: newest first, the rows with occurredAt ≥ t come
 *    before it, the rest after it. Its position is exact: the number of rows on the near side, which
 *    `totalCount` with an `occurredFrom`/`occurredBefore` filter tells; or better, the nearest known
 *    boundary's position plus the count of rows between the two times (a range count on the time
 *    index). The list's two ends are boundaries at ±∞ (positions 0 and totalCount).
 *
 * Opening the list reads the first page (shown at once), then in the background its last row and
 * the row count, the latter as the counts of S equal slices of time between the oldest row and the
 * newest, summed: the same work as one count, and it leaves S - 1 boundaries ("landmarks") spread
 * over the list.
 *
 * A jump far from every anchor (dragging the scrollbar to the middle of 10 million rows) is a seek:
 * estimate the time at the target position by interpolating between the nearest known (position,
 * time) points (anchors, boundaries), then one *probe* request asks, at that time, for W rows on
 * each side of the boundary and for the count that places it (counted from the nearest known
 * boundary, so at most a slice's worth of rows). The rows come back with exact positions. If they
 * cover the block, done (one round trip); if not, they are anchors near the target, and the block
 * is one cursor request away, or, where the estimate was far off (a log's density is not uniform),
 * the next estimate interpolates between much closer points (regula falsi with the Illinois rule).
 * Nothing between the start and the target is fetched, and no position is ever guessed: every row
 * shown is at its true index, so blocks reached by different routes meet without gaps or repeats.
 *
 * Every read that walks the list is also bounded in time on its far side by the nearest known point
 * beyond the rows it needs (it cannot cut those rows short, since their positions are known), and
 * never bounded on the cursor's side (the cursor says that already). A bounded range is less for
 * the server to look at whatever its engine: a log reviewer's scope (owner OR provider) was answered
 * by collecting every match in the range (500 ms unbounded on 10 million entries; a slice's worth
 * when bounded).
 *
 * The one case interpolation cannot split is a run of more rows than a page sharing one millisecond;
 * then the pager walks pages of MAX_PAGE from the nearest anchor (bounded by MAX_WALK) and fails
 * cleanly beyond that rather than show rows at wrong positions.
 *
 * Consistency: the list must not change under the positions. The datasource pins it: every read
 * after the first page ends just after the newest row seen (`PinnableBackend.pin`), so entries
 * stored meanwhile do not shift positions; a reload starts a new pager.
 *
 * Rejected alternatives: `userLogStatistics` per hour would give exact counts per bucket, but it
 * groups the whole log (5–7 s on 10 million entries). Pages in big strides cannot jump: a page is
 * at most 1000 rows, so the middle of 10 million is 5,000 requests away. Estimating the time of a
 * position and showing whatever is there would be one request, but blocks reached by different
 * routes would then overlap or leave gaps where they meet.
 */

export type ListOrder = 'NEWEST_FIRST' | 'OLDEST_FIRST';

/** Epoch milliseconds; `from` inclusive, `before` exclusive; null is open. */
export interface TimeRange {
  fromMs: number | null;
  beforeMs: number | null;
}

export interface FetchedRow<N> {
  cursor: string;
  timeMs: number;
  node: N;
}

/** The server, in the shapes of request the pager makes; each call is one HTTP request. */
export interface PagerBackend<N> {
  /** The first `first` rows in `order`. */
  open(order: ListOrder, first: number): Promise<FetchedRow<N>[]>;
  /** The last row in `order` (the first in the other order). */
  last(order: ListOrder): Promise<FetchedRow<N> | null>;
  /** How many rows lie in each time range (within the base filter); at most MAX_COUNTS ranges. */
  counts(ranges: TimeRange[]): Promise<number[]>;
  /** Up to `first` rows in `order` after the row `after` (null: from the start), within the range if given. */
  rows(order: ListOrder, first: number, after: string | null, range?: TimeRange): Promise<FetchedRow<N>[]>;
  /** One request: the `width` rows on each side of a boundary, nearest first, and a range count. */
  probe(request: {
    order: ListOrder;
    width: number;
    head: TimeRange;
    tail: TimeRange;
    count: TimeRange;
  }): Promise<{ head: FetchedRow<N>[]; tail: FetchedRow<N>[]; count: number }>;
}

/**
 * A backend whose list can be pinned: from `pin(beforeMs)` on, every read ends before that time
 * (just after the newest entry seen on opening), so entries stored meanwhile do not move rows
 * under their positions.
 */
export interface PinnableBackend<N> extends PagerBackend<N> {
  pin(beforeMs: number): void;
}

/** The largest page the API serves. */
export const MAX_PAGE = 1000;
/** Ranges counted in one request (the server allows 15 aliases). */
export const MAX_COUNTS = 12;
/** Probes per block before walking. */
const MAX_PROBES = 6;
/** Pages walked before giving up. */
const MAX_WALK = 50;
/** Anchors kept (a few per block fetched); beyond this the oldest-learnt half is forgotten. */
const MAX_ANCHORS = 20_000;

interface Anchor {
  pos: number;
  cursor: string;
  timeMs: number;
  seq: number;
}
/** Count(rows before it in list order) = pos: the rows at positions < pos are on the near side of timeMs. */
export interface Boundary {
  pos: number;
  timeMs: number;
}
/** A known (position, time): a row (an anchor) or a boundary (half a row before its position). */
interface Point {
  pos: number;
  timeMs: number;
  boundary: boolean;
}
/** The Illinois rule: an end of the bracket kept by consecutive probes weighs less each time. */
interface Damping {
  side: 'lo' | 'hi';
  factor: number;
}
type Plan = { from: 'before' | 'after'; anchorPos: number; cursor: string | null; need: number };

export interface PagerStats {
  requests: number;
  probes: number;
  rowsFetched: number;
}

export const reverseOf = (order: ListOrder): ListOrder => (order === 'NEWEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST');

export class KeysetPager<N> {
  readonly order: ListOrder;
  readonly blockSize: number;
  readonly probeWidth: number;
  readonly stats: PagerStats = { requests: 0, probes: 0, rowsFetched: 0 };
  /** Every row in list order, when known. */
  total: number | null = null;
  private anchors: Anchor[] = [];
  private boundaries: Boundary[] = [];
  private seq = 0;
  private readonly newest: boolean;

  constructor(
    private readonly backend: PagerBackend<N>,
    options: { order: ListOrder; blockSize: number; probeWidth?: number },
  ) {
    this.order = options.order;
    this.newest = options.order === 'NEWEST_FIRST';
    this.blockSize = options.blockSize;
    this.probeWidth = Math.min(MAX_PAGE, options.probeWidth ?? options.blockSize);
  }

  /** The first `first` rows; fewer means that is the whole list, and the total is known. */
  async open(first: number): Promise<FetchedRow<N>[]> {
    this.stats.requests++;
    const rows = await this.backend.open(this.order, Math.min(first, MAX_PAGE));
    this.stats.rowsFetched += rows.length;
    this.learnRun(0, rows);
    if (rows.length < first) this.total = rows.length;
    return rows;
  }

  /** The row count, with the list's last row (an anchor at total - 1) when known. */
  setTotal(total: number, last?: FetchedRow<N> | null) {
    this.total = total;
    if (last && total > 0) this.learnRun(total - 1, [last]);
  }

  /** Boundaries learnt elsewhere (the landmarks counted on opening). */
  addBoundaries(list: readonly Boundary[]) {
    for (const b of list) this.addBoundary(b);
  }

  /** Rows [start, end) in list order (fewer at the end of the list). Needs `total` unless near a known row. */
  async load(start: number, end: number): Promise<FetchedRow<N>[]> {
    if (this.total !== null) end = Math.min(end, this.total);
    if (end <= start) return [];
    const want = { start, end };
    // 1. A cursor page from a nearby anchor (sequential scrolling always lands here).
    let plan = this.plan(start, end);
    // 2. Otherwise seek by time: each probe places its rows exactly and brings anchors closer.
    //    Plain interpolation stalls where density changes steeply (it keeps landing on one side,
    //    as regula falsi does); the Illinois rule halves the weight of an end kept twice in a row.
    let damp: Damping | undefined;
    let lastKept: 'lo' | 'hi' | null = null;
    for (let i = 0; !plan && i < MAX_PROBES; i++) {
      const probed = await this.probe(want, damp);
      if (probed === 'stuck') break;
      if (Array.isArray(probed)) return probed;
      damp = probed.kept === lastKept ? { side: probed.kept, factor: (damp?.side === probed.kept ? damp.factor : 1) / 2 } : undefined;
      lastKept = probed.kept;
      plan = this.plan(start, end);
    }
    if (plan) return this.runPlan(plan, start, end);
    // 3. Rows too dense in time to split: walk from the nearest anchor.
    return this.walk(start, end);
  }

  /** The positions of the known anchors, for tests and diagnostics. */
  anchorPositions(): number[] {
    return this.anchors.map((a) => a.pos);
  }

  /** The positions of the known boundaries, for tests and diagnostics. */
  boundaryPositions(): number[] {
    return this.boundaries.map((b) => b.pos);
  }

  // ---- cursor plans

  private plan(start: number, end: number): Plan | null {
    let best: Plan | null = null;
    // Forward from the nearest anchor before `start` (position -1: the list's start, no cursor).
    const i = this.lastAnchorBefore(start);
    const below = i >= 0 ? this.anchors[i]! : null;
    const fwd: Plan = below
      ? { from: 'before', anchorPos: below.pos, cursor: below.cursor, need: end - 1 - below.pos }
      : { from: 'before', anchorPos: -1, cursor: null, need: end };
    if (fwd.need <= MAX_PAGE) best = fwd;
    // Backward from the nearest anchor at or after `end` (position total: the list's end, no cursor).
    const j = this.firstAnchorAtOrAfter(end);
    const above = j < this.anchors.length ? this.anchors[j]! : null;
    const back: Plan | null = above
      ? { from: 'after', anchorPos: above.pos, cursor: above.cursor, need: above.pos - start }
      : this.total !== null
        ? { from: 'after', anchorPos: this.total, cursor: null, need: this.total - start }
        : null;
    if (back && back.need <= MAX_PAGE && (!best || back.need < best.need)) best = back;
    return best;
  }

  private async runPlan(plan: Plan, start: number, end: number): Promise<FetchedRow<N>[]> {
    if (plan.from === 'before') {
      const first = plan.anchorPos + 1;
      const rows = await this.fetchRows(this.order, plan.need, plan.cursor, this.boundForward(first + plan.need - 1));
      this.learnRun(first, rows);
      return rows.slice(start - first, end - first);
    }
    const rows = (await this.fetchRows(reverseOf(this.order), plan.need, plan.cursor, this.boundBackward(plan.anchorPos - plan.need))).reverse();
    const first = plan.anchorPos - rows.length;
    this.learnRun(first, rows);
    return rows.slice(Math.max(0, start - first), end - first);
  }

  private async fetchRows(order: ListOrder, first: number, after: string | null, range?: TimeRange): Promise<FetchedRow<N>[]> {
    this.stats.requests++;
    const rows = await this.backend.rows(order, first, after, range);
    this.stats.rowsFetched += rows.length;
    return rows;
  }

  /**
   * A time range holding every row from the list's start (or a cursor) up to position `pos`: its
   * far end is the nearest known point at or beyond `pos`, so it cannot cut the rows needed short.
   */
  private boundForward(pos: number): TimeRange | undefined {
    const p = this.points().find((x) => (x.boundary ? x.pos + 0.5 > pos : x.pos >= pos));
    if (!p) return undefined;
    // Newest first, the rows up to p are at or after its time; oldest first, at or before it.
    if (this.newest) return { fromMs: p.timeMs, beforeMs: null };
    return { fromMs: null, beforeMs: p.boundary ? p.timeMs : p.timeMs + 1 };
  }

  /** The same going backwards: every row from position `pos` to the list's end (or a cursor). */
  private boundBackward(pos: number): TimeRange | undefined {
    const pts = this.points();
    let p: Point | undefined;
    for (const x of pts) if (x.boundary ? x.pos + 0.5 <= pos : x.pos <= pos) p = x;
    if (!p) return undefined;
    if (this.newest) return { fromMs: null, beforeMs: p.boundary ? p.timeMs : p.timeMs + 1 };
    return { fromMs: p.timeMs, beforeMs: null };
  }

  // ---- seeking by time

  /**
   * The rows of `want` if the probe covered them; else which end of the bracket around the target
   * the probe kept (its boundary replaced the other); 'stuck' if time cannot split further.
   */
  private async probe(want: { start: number; end: number }, damp?: Damping): Promise<FetchedRow<N>[] | { kept: 'lo' | 'hi' } | 'stuck'> {
    if (this.total === null) throw new Error('the row count is needed to seek');
    const target = (want.start + want.end) / 2;
    const estimate = this.estimate(target, damp);
    if (!estimate) return 'stuck';
    const { t, lo, hi } = estimate;
    const base = this.countBase(t);
    const width = this.probeWidth;
    // Head: the rows before the boundary in list order (back to the known point before it); tail:
    // the rows from it on (up to the known point after it). Both bounded, see boundForward.
    const upper = (p: Point) => (p.boundary ? p.timeMs : p.timeMs + 1);
    const head: TimeRange = this.newest ? { fromMs: t, beforeMs: upper(lo) } : { fromMs: lo.timeMs, beforeMs: t };
    const tail: TimeRange = this.newest ? { fromMs: hi.timeMs, beforeMs: t } : { fromMs: t, beforeMs: upper(hi) };
    const count: TimeRange = { fromMs: Math.min(t, base.timeMs), beforeMs: Math.max(t, base.timeMs) };
    const finite = (r: TimeRange): TimeRange => ({
      fromMs: Number.isFinite(r.fromMs) ? r.fromMs : null,
      beforeMs: Number.isFinite(r.beforeMs) ? r.beforeMs : null,
    });
    this.stats.requests++;
    this.stats.probes++;
    const result = await this.backend.probe({ order: this.order, width, head, tail, count: finite(count) });
    this.stats.rowsFetched += result.head.length + result.tail.length;
    // The base is before the boundary in list order when it is on the head side of t.
    const baseBefore = this.newest ? base.timeMs >= t : base.timeMs <= t;
    const q = baseBefore ? base.pos + result.count : base.pos - result.count;
    this.addBoundary({ pos: q, timeMs: t });
    const run = [...result.head].reverse().concat(result.tail);
    const first = q - result.head.length;
    this.learnRun(first, run);
    if (first <= want.start && first + run.length >= want.end) return run.slice(want.start - first, want.end - first);
    return { kept: q > target ? 'lo' : 'hi' };
  }

  /** The nearest boundary to time t (by the position it would have), ±∞ being the list's two ends. */
  private countBase(t: number): Boundary {
    const all: Boundary[] = [
      { pos: 0, timeMs: this.newest ? Infinity : -Infinity },
      ...this.boundaries,
      { pos: this.total!, timeMs: this.newest ? -Infinity : Infinity },
    ];
    // Boundaries are in position order, so in time order too (descending when newest first).
    let k = 0;
    while (k < all.length - 1 && (this.newest ? all[k + 1]!.timeMs >= t : all[k + 1]!.timeMs <= t)) k++;
    const lo = all[k]!;
    const hi = all[Math.min(k + 1, all.length - 1)]!;
    const estimate = this.estimatePosition(t);
    return estimate - lo.pos <= hi.pos - estimate ? lo : hi;
  }

  /** The known (position, time) points in position order. */
  private points(): Point[] {
    const pts: Point[] = [
      ...this.anchors.map((a) => ({ pos: a.pos, timeMs: a.timeMs, boundary: false })),
      ...this.boundaries.map((b) => ({ pos: b.pos - 0.5, timeMs: b.timeMs, boundary: true })),
    ];
    return pts.sort((a, b) => a.pos - b.pos);
  }

  private estimatePosition(t: number): number {
    const pts = this.points();
    if (pts.length === 0) return 0;
    const before = (p: { timeMs: number }) => (this.newest ? p.timeMs >= t : p.timeMs < t);
    let k = -1;
    while (k + 1 < pts.length && before(pts[k + 1]!)) k++;
    if (k < 0) return 0;
    if (k === pts.length - 1) return this.total ?? pts[k]!.pos;
    const a = pts[k]!;
    const b = pts[k + 1]!;
    if (a.timeMs === b.timeMs) return a.pos;
    return a.pos + ((b.pos - a.pos) * (t - a.timeMs)) / (b.timeMs - a.timeMs);
  }

  /**
   * A boundary time for position `target`, strictly between the known points around it (lo before
   * it, hi after it), so that a probe always learns something new; null when they share their time.
   */
  estimate(target: number, damp?: Damping): { t: number; lo: Point; hi: Point } | null {
    const pts = this.points();
    let k = -1;
    while (k + 1 < pts.length && pts[k + 1]!.pos <= target) k++;
    const lo = k >= 0 ? pts[k]! : null;
    const hi = k + 1 < pts.length ? pts[k + 1]! : null;
    if (!lo || !hi) return null;
    // Regula falsi on position(t) - target, with the Illinois rule's damping of a kept end.
    const fLo = (lo.pos - target) * (damp?.side === 'lo' ? damp.factor : 1);
    const fHi = (hi.pos - target) * (damp?.side === 'hi' ? damp.factor : 1);
    const raw = fHi === fLo ? lo.timeMs : lo.timeMs + (-fLo / (fHi - fLo)) * (hi.timeMs - lo.timeMs);
    let min: number;
    let max: number;
    if (this.newest) {
      // Head is time ≥ t: lo must stay in the head (a row: t ≤ its time; a boundary: t < its time), hi in the tail.
      min = hi.timeMs + 1;
      max = lo.boundary ? lo.timeMs - 1 : lo.timeMs;
    } else {
      // Head is time < t: lo must stay in the head (t > its time), hi in the tail (a row: t ≤ its time; a boundary: t < its time).
      min = lo.timeMs + 1;
      max = hi.boundary ? hi.timeMs - 1 : hi.timeMs;
    }
    if (min > max) return null;
    return { t: Math.min(max, Math.max(min, Math.round(raw))), lo, hi };
  }

  // ---- walking, the last resort

  private async walk(start: number, end: number): Promise<FetchedRow<N>[]> {
    for (let step = 0; step < MAX_WALK; step++) {
      const plan = this.plan(start, end);
      if (plan) return this.runPlan(plan, start, end);
      // A full page from the nearest anchor on either side towards the block.
      const i = this.lastAnchorBefore(start);
      const j = this.firstAnchorAtOrAfter(end);
      const below = i >= 0 ? this.anchors[i]! : null;
      const above = j < this.anchors.length ? this.anchors[j]! : null;
      if (!above || (below && start - below.pos <= above.pos - end)) {
        const first = (below?.pos ?? -1) + 1;
        const rows = await this.fetchRows(this.order, MAX_PAGE, below?.cursor ?? null, this.boundForward(first + MAX_PAGE - 1));
        if (rows.length === 0) return [];
        this.learnRun(first, rows);
      } else {
        const rows = (await this.fetchRows(reverseOf(this.order), MAX_PAGE, above.cursor, this.boundBackward(above.pos - MAX_PAGE))).reverse();
        if (rows.length === 0) return [];
        this.learnRun(above.pos - rows.length, rows);
      }
    }
    throw new Error(`could not reach rows ${start}–${end}: too many entries share one time`);
  }

  // ---- what is known

  /** Remembers a contiguous run of rows starting at position `first`: its ends and every block edge in it. */
  private learnRun(first: number, rows: FetchedRow<N>[]) {
    const bs = this.blockSize;
    rows.forEach((r, i) => {
      const pos = first + i;
      const m = pos % bs;
      if (i === 0 || i === rows.length - 1 || m === 0 || m === bs - 1) this.addAnchor({ pos, cursor: r.cursor, timeMs: r.timeMs, seq: this.seq++ });
    });
    if (this.anchors.length > MAX_ANCHORS) {
      const keep = [...this.anchors].sort((a, b) => b.seq - a.seq).slice(0, MAX_ANCHORS / 2);
      this.anchors = keep.sort((a, b) => a.pos - b.pos);
    }
  }

  private addAnchor(a: Anchor) {
    const i = this.firstAnchorAtOrAfter(a.pos);
    if (this.anchors[i]?.pos === a.pos) this.anchors[i] = a;
    else this.anchors.splice(i, 0, a);
  }

  private addBoundary(b: Boundary) {
    let i = 0;
    while (i < this.boundaries.length && this.boundaries[i]!.pos < b.pos) i++;
    if (this.boundaries[i]?.pos === b.pos) this.boundaries[i] = b;
    else this.boundaries.splice(i, 0, b);
  }

  /** Index of the last anchor with pos < p, or -1. */
  private lastAnchorBefore(p: number): number {
    return this.firstAnchorAtOrAfter(p) - 1;
  }

  /** Index of the first anchor with pos ≥ p (anchors.length if none). */
  private firstAnchorAtOrAfter(p: number): number {
    let lo = 0;
    let hi = this.anchors.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.anchors[mid]!.pos < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The ranges whose counts, summed, give the row count and leave S - 1 boundaries: S equal slices of
 * time between the oldest and the newest row, the outer two open-ended. In newest-first positions.
 */
export function landmarkSlices(oldestMs: number, newestMs: number, slices = MAX_COUNTS): { ranges: TimeRange[]; times: number[] } {
  const span = Math.max(0, newestMs - oldestMs);
  // times[k] ends slice k + 1 and starts slice k, counting from the newest: slice 0 is [times[0], ∞).
  const times = Array.from({ length: slices - 1 }, (_, k) => Math.round(newestMs - ((k + 1) * span) / slices));
  const edges = [null, ...times, null] as (number | null)[];
  const ranges = Array.from({ length: slices }, (_, k) => ({ fromMs: edges[k + 1] ?? null, beforeMs: edges[k] ?? null }));
  return { ranges, times };
}

/** The boundaries the slices' counts make, in the given order's positions. */
export function landmarkBoundaries(times: readonly number[], counts: readonly number[], order: ListOrder): { total: number; boundaries: Boundary[] } {
  const total = counts.reduce((a, b) => a + b, 0);
  let seen = 0;
  const boundaries = times.map((t, k) => {
    seen += counts[k]!;
    // `seen` rows are at or after t: newest first, they come before it.
    return { pos: order === 'NEWEST_FIRST' ? seen : total - seen, timeMs: t };
  });
  return { total, boundaries };
}
