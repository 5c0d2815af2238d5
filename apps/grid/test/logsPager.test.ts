import type { IGetRowsParams } from 'ag-grid-community';
import { describe, expect, it, vi } from 'vitest';
import { narrow } from '../src/logs/backend';
import { createLogDatasource, orderOf } from '../src/logs/datasource';
import { KeysetPager, landmarkBoundaries, landmarkSlices, MAX_COUNTS, type ListOrder } from '../src/logs/pager';
import { burstyTimes, FakeLog, random, uniformTimes, type FakeNode } from './logsFakeLog';

const BS = 100;

/** A pager opened as the datasource opens one: first page, then the last row and the landmark counts. */
async function opened(log: FakeLog, order: ListOrder = 'NEWEST_FIRST', options: { landmarks?: boolean; probeWidth?: number } = {}) {
  const pager = new KeysetPager<FakeNode>(log, { order, blockSize: BS, probeWidth: options.probeWidth });
  const rows = await pager.open(BS);
  if (pager.total === null) {
    const last = (await log.last(order))!;
    log.pin(Math.max(rows[0]!.timeMs, last.timeMs) + 1);
    if (options.landmarks === false) {
      pager.setTotal(log.count({ fromMs: null, beforeMs: null }), last);
    } else {
      const [oldest, newest] = [rows[0]!.timeMs, last.timeMs].sort((a, b) => a - b) as [number, number];
      const { ranges, times } = landmarkSlices(oldest, newest);
      const made = landmarkBoundaries(times, await log.counts(ranges), order);
      pager.setTotal(made.total, last);
      pager.addBoundaries(made.boundaries);
    }
  }
  return { pager, first: { rows } };
}

const ids = (rows: { node: FakeNode }[]) => rows.map((r) => r.node.id);

describe('KeysetPager: rows by position over keyset cursors', () => {
  const million = new FakeLog(uniformTimes(1_000_000));
  const truthNewest = million.truth('NEWEST_FIRST');

  it('opens with the first page and learns both ends of the list', async () => {
    million.requests = [];
    const { pager, first } = await opened(million);
    expect(ids(first.rows)).toEqual(truthNewest.slice(0, BS));
    expect(pager.total).toBe(1_000_000);
    expect(pager.anchorPositions()).toContain(999_999);
  });

  it('scrolls sequentially with one request of one block per block, every row in place', async () => {
    const { pager } = await opened(million);
    million.requests = [];
    for (let b = 1; b < 30; b++) {
      const rows = await pager.load(b * BS, (b + 1) * BS);
      expect(ids(rows)).toEqual(truthNewest.slice(b * BS, (b + 1) * BS));
    }
    expect(million.requests).toHaveLength(29);
    expect(million.requests.every((r) => r.kind === 'rows' && r.rows === BS)).toBe(true);
  });

  it('jumps to the middle of a million rows without reading what lies between', async () => {
    const { pager } = await opened(million);
    million.requests = [];
    const start = 500_000;
    const rows = await pager.load(start, start + BS);
    expect(ids(rows)).toEqual(truthNewest.slice(start, start + BS));
    expect(million.requests.map((r) => r.kind)).toEqual(['probe']);
    // The probe counted from the nearest landmark: at most a slice's worth of rows.
    expect(million.requests[0]!.counted).toBeLessThanOrEqual(1_000_000 / MAX_COUNTS / 2 + 1000);
    expect(million.requests[0]!.rows).toBeLessThanOrEqual(2 * BS);
    // The next block down and the one above follow by cursor, one request each.
    million.requests = [];
    expect(ids(await pager.load(start + BS, start + 2 * BS))).toEqual(truthNewest.slice(start + BS, start + 2 * BS));
    expect(ids(await pager.load(start - BS, start))).toEqual(truthNewest.slice(start - BS, start));
    expect(million.requests.map((r) => r.kind)).toEqual(['rows', 'rows']);
  });

  it('bounds every read that walks the list in time on its far side', async () => {
    const { pager } = await opened(million);
    await pager.load(300_000, 300_100);
    million.ranges = [];
    await pager.load(300_100, 300_200); // forward from the block before: newest first, bounded below
    await pager.load(299_900, 300_000); // backward from the block after: bounded above
    expect(million.ranges).toEqual([
      { fromMs: expect.any(Number), beforeMs: null },
      { fromMs: null, beforeMs: expect.any(Number) },
    ]);
  });

  it('counts the row count as slices of time, which leave landmarks spread over the list', async () => {
    const { ranges, times } = landmarkSlices(0, 1200);
    expect(ranges).toHaveLength(MAX_COUNTS);
    expect(ranges[0]).toEqual({ fromMs: 1100, beforeMs: null });
    expect(ranges.at(-1)).toEqual({ fromMs: null, beforeMs: 100 });
    expect(landmarkBoundaries(times.slice(0, 2), [5, 7, 9], 'NEWEST_FIRST')).toEqual({
      total: 21,
      boundaries: [
        { pos: 5, timeMs: 1100 },
        { pos: 12, timeMs: 1000 },
      ],
    });
    expect(landmarkBoundaries(times.slice(0, 2), [5, 7, 9], 'OLDEST_FIRST').boundaries.map((b) => b.pos)).toEqual([16, 9]);
    const { pager } = await opened(million);
    expect(pager.total).toBe(1_000_000);
    expect(pager.boundaryPositions()).toHaveLength(MAX_COUNTS - 1);
  });

  it('reaches the last block (partial) from the end of the list', async () => {
    const { pager } = await opened(million);
    million.requests = [];
    const rows = await pager.load(999_950, 1_000_050);
    expect(ids(rows)).toEqual(truthNewest.slice(999_950));
    expect(million.requests).toHaveLength(1);
  });

  it.each([true, false])('places every row exactly on a bursty log (nights, weekends, outages, growth), in both orders (landmarks: %s)', async (landmarks) => {
    const log = new FakeLog(burstyTimes(300_000));
    for (const order of ['NEWEST_FIRST', 'OLDEST_FIRST'] as const) {
      const truth = log.truth(order);
      const { pager } = await opened(log, order, { landmarks });
      const rnd = random(7);
      for (let k = 0; k < 40; k++) {
        const start = Math.floor((rnd() * truth.length) / BS) * BS;
        log.requests = [];
        const rows = await pager.load(start, start + BS);
        expect(ids(rows), `${order} block at ${start}`).toEqual(truth.slice(start, start + BS));
        expect(log.requests.length, `${order} requests for the block at ${start}`).toBeLessThanOrEqual(6);
      }
    }
  });

  it('blocks reached by different routes meet without gaps or repeats', async () => {
    const log = new FakeLog(burstyTimes(200_000, 5));
    const truth = log.truth('NEWEST_FIRST');
    const { pager } = await opened(log);
    // Two far jumps, then fill the blocks between them from both sides.
    const a = 120_000;
    const b = a + 12 * BS;
    await pager.load(a, a + BS);
    await pager.load(b, b + BS);
    const seen: number[] = [];
    for (let s = a; s <= b; s += BS) seen.push(...ids(await pager.load(s, s + BS)));
    expect(seen).toEqual(truth.slice(a, b + BS));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('counts from the nearest known boundary, so later jumps nearby count few rows (without landmarks too)', async () => {
    const { pager } = await opened(million, 'NEWEST_FIRST', { landmarks: false });
    million.requests = [];
    expect(ids(await pager.load(500_000, 500_100))).toEqual(truthNewest.slice(500_000, 500_100));
    const firstCount = million.requests.find((r) => r.kind === 'probe')!.counted;
    million.requests = [];
    expect(ids(await pager.load(520_000, 520_100))).toEqual(truthNewest.slice(520_000, 520_100));
    const secondCount = million.requests.find((r) => r.kind === 'probe')!.counted;
    expect(firstCount).toBeGreaterThan(400_000);
    expect(secondCount).toBeLessThan(30_000);
  });

  it('walks by pages where more rows than a page share one millisecond', async () => {
    const times = uniformTimes(20_000, 3);
    const burst = Array.from({ length: 5_000 }, () => Date.parse('2025-06-01T12:00:00Z'));
    const log = new FakeLog([...times, ...burst]);
    const truth = log.truth('NEWEST_FIRST');
    const { pager } = await opened(log);
    const inside = truth.findIndex((id) => id > 20_000) + 2_500; // the middle of the burst
    const start = Math.floor(inside / BS) * BS;
    const rows = await pager.load(start, start + BS);
    expect(ids(rows)).toEqual(truth.slice(start, start + BS));
  });

  it('keeps positions while new entries arrive, once pinned', async () => {
    const log = new FakeLog(uniformTimes(50_000, 4));
    const { pager } = await opened(log);
    const truth = log.truth('NEWEST_FIRST');
    log.append(uniformTimes(2_000, 9).map((t) => t + 366 * 86_400_000)); // newer than everything
    expect(log.truth('NEWEST_FIRST', null)).toHaveLength(52_000);
    expect(ids(await pager.load(100, 200))).toEqual(truth.slice(100, 200));
    expect(ids(await pager.load(30_000, 30_100))).toEqual(truth.slice(30_000, 30_100));
  });

  it('interpolates a boundary time strictly between its neighbours, or gives up where they share one', () => {
    const log = new FakeLog([1000, 1000, 1000, 2000]);
    const pager = new KeysetPager<FakeNode>(log, { order: 'NEWEST_FIRST', blockSize: 2 });
    expect(pager.estimate(1)).toBeNull(); // no points yet
  });

  it('returns nothing beyond the end and a short list whole', async () => {
    const log = new FakeLog(uniformTimes(42, 6));
    const { pager, first } = await opened(log);
    expect(pager.total).toBe(42);
    expect(first.rows).toHaveLength(42);
    expect(await pager.load(100, 200)).toEqual([]);
    expect(ids(await pager.load(0, 100))).toEqual(log.truth('NEWEST_FIRST'));
  });
});

describe('the AG Grid datasource', () => {
  function params(startRow: number, endRow: number, sort?: 'asc' | 'desc') {
    const success = vi.fn();
    const fail = vi.fn();
    const p = {
      startRow,
      endRow,
      successCallback: success,
      failCallback: fail,
      sortModel: sort ? [{ colId: 'occurredAt', sort }] : [],
      filterModel: {},
    } as unknown as IGetRowsParams;
    return { p, success, fail };
  }
  const settle = () => new Promise((r) => setTimeout(r, 5));

  it('shows the first rows before the count, then reports the count; pins the list on opening', async () => {
    const log = new FakeLog(uniformTimes(10_000, 11));
    const onTotal = vi.fn();
    const ds = createLogDatasource(log, { blockSize: BS, onTotal });
    const { p, success } = params(0, BS);
    ds.getRows(p);
    await vi.waitFor(() => expect(success).toHaveBeenCalled());
    expect(success.mock.calls[0]![1]).toBeUndefined();
    expect(success.mock.calls[0]![0].map((n: FakeNode) => n.id)).toEqual(log.truth('NEWEST_FIRST').slice(0, BS));
    await vi.waitFor(() => expect(onTotal).toHaveBeenCalledWith(10_000));
    expect(log.pinnedBefore).toBe(Math.max(...log.times) + 1);
    // Later blocks carry the row count.
    const next = params(5_000, 5_100);
    ds.getRows(next.p);
    await vi.waitFor(() => expect(next.success).toHaveBeenCalled());
    expect(next.success.mock.calls[0]![1]).toBe(10_000);
    expect(next.success.mock.calls[0]![0].map((n: FakeNode) => n.id)).toEqual(log.truth('NEWEST_FIRST').slice(5_000, 5_100));
  });

  it('serves blocks one at a time, so a jump’s second block follows the first by cursor', async () => {
    const log = new FakeLog(uniformTimes(100_000, 12));
    const ds = createLogDatasource(log, { blockSize: BS });
    const a = params(0, BS);
    ds.getRows(a.p);
    await vi.waitFor(() => expect(ds.pagers.get('NEWEST_FIRST')?.total).toBe(100_000));
    log.requests = [];
    const b = params(50_000, 50_100);
    const c = params(50_100, 50_200);
    ds.getRows(b.p);
    ds.getRows(c.p);
    await vi.waitFor(() => expect(c.success).toHaveBeenCalled());
    expect(log.requests.filter((r) => r.kind === 'probe')).toHaveLength(1);
    expect(c.success.mock.calls[0]![0].map((n: FakeNode) => n.id)).toEqual(log.truth('NEWEST_FIRST').slice(50_100, 50_200));
  });

  it('sorts by time ascending with its own pager, reusing the count', async () => {
    const log = new FakeLog(uniformTimes(5_000, 13));
    const ds = createLogDatasource(log, { blockSize: BS });
    const a = params(0, BS);
    ds.getRows(a.p);
    await vi.waitFor(() => expect(ds.pagers.get('NEWEST_FIRST')?.total).toBe(5_000));
    log.requests = [];
    const b = params(0, BS, 'asc');
    ds.getRows(b.p);
    await vi.waitFor(() => expect(b.success).toHaveBeenCalled());
    expect(b.success.mock.calls[0]![1]).toBe(5_000);
    expect(b.success.mock.calls[0]![0].map((n: FakeNode) => n.id)).toEqual(log.truth('OLDEST_FIRST').slice(0, BS));
    expect(log.requests.map((r) => r.kind)).toEqual(['open']); // its last row is the other order's first
  });

  it('reports a failed block and drops answers after dispose', async () => {
    const log = new FakeLog(uniformTimes(1_000, 14));
    const onError = vi.fn();
    const ds = createLogDatasource(log, { blockSize: BS, onError });
    log.failNext = 1;
    const a = params(0, BS);
    ds.getRows(a.p);
    await vi.waitFor(() => expect(a.fail).toHaveBeenCalled());
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'the server is down' }));

    const b = params(0, BS);
    ds.getRows(b.p);
    ds.dispose();
    await settle();
    expect(b.success).not.toHaveBeenCalled();
    expect(b.fail).not.toHaveBeenCalled();
  });

  it('maps the time column’s sort to the API order', () => {
    expect(orderOf([])).toBe('NEWEST_FIRST');
    expect(orderOf([{ colId: 'occurredAt', sort: 'desc' }])).toBe('NEWEST_FIRST');
    expect(orderOf([{ colId: 'occurredAt', sort: 'asc' }])).toBe('OLDEST_FIRST');
  });
});

describe('narrowing the user’s filter to a time range', () => {
  it('takes the later start and the earlier end, keeping the other conditions', () => {
    const base = { occurredFrom: '2025-01-01T00:00:00.000Z', occurredBefore: '2025-12-01T00:00:00.000Z', actions: ['READ' as const] };
    expect(narrow(base, { fromMs: Date.parse('2025-06-01T00:00:00Z'), beforeMs: null }, null)).toEqual({
      occurredFrom: '2025-06-01T00:00:00.000Z',
      occurredBefore: '2025-12-01T00:00:00.000Z',
      actions: ['READ'],
    });
    expect(narrow(base, { fromMs: null, beforeMs: Date.parse('2026-01-01T00:00:00Z') }, Date.parse('2025-11-01T00:00:00Z'))).toMatchObject({
      occurredFrom: '2025-01-01T00:00:00.000Z',
      occurredBefore: '2025-11-01T00:00:00.000Z',
    });
    expect(narrow({}, undefined, null)).toEqual({});
  });
});
