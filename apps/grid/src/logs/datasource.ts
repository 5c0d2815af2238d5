import type { IDatasource, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import { KeysetPager, landmarkBoundaries, landmarkSlices, reverseOf, type Boundary, type FetchedRow, type ListOrder, type PinnableBackend } from './pager';

export const TIME_COLUMN = 'occurredAt';

/** The grid's sort on the time column, as the API's order (newest first unless told otherwise). */
export function orderOf(sortModel: readonly SortModelItem[] | undefined): ListOrder {
  const s = sortModel?.find((m) => m.colId === TIME_COLUMN);
  return s?.sort === 'asc' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
}

export interface LogDatasourceOptions {
  blockSize: number;
  probeWidth?: number;
  /** The number of matching rows, once counted (after the first rows are shown). */
  onTotal?: (total: number) => void;
  /** A block was handed to the grid (lastRow: the row count, when known). */
  onLoaded?: (startRow: number, rows: number, lastRow: number | undefined) => void;
  /** A block or the count could not be read. */
  onError?: (error: unknown) => void;
}

export interface LogDatasource<N> extends IDatasource {
  /** The pager per order (for tests and the benchmark). */
  readonly pagers: Map<ListOrder, KeysetPager<N>>;
  /** The row count once known. */
  readonly total: number | null;
  /** Ends this datasource: answers still under way are dropped (the grid has moved to a new one). */
  dispose(): void;
  /** Undoes dispose (React's strict mode unmounts and remounts a new component once). */
  attach(): void;
}

/**
 * AG Grid's infinite row model over `userLogs` (see pager.ts). Blocks are served one at a time, in
 * the order the grid asks for them, so each can use the cursors the one before learnt (the grid
 * asks for the rows it shows, and drops blocks scrolled past before they load).
 *
 * Opening: the first page is shown as soon as it comes; the newest time in it pins the list for
 * every later read. Then, in the background, the list's last row and the counts of twelve slices of
 * time between it and the first: their sum is the grid's row count, their edges the landmarks the
 * pager seeks from.
 */
export function createLogDatasource<N>(backend: PinnableBackend<N>, options: LogDatasourceOptions): LogDatasource<N> {
  const pagers = new Map<ListOrder, KeysetPager<N>>();
  /** The first row of each order: the other order's last row. */
  const firstRows = new Map<ListOrder, FetchedRow<N>>();
  let total: number | null = null;
  /** Landmarks in newest-first positions (the count of rows at or after the time). */
  let landmarks: Boundary[] = [];
  let pinned = false;
  let counting = false;
  let disposed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  const inOrder = (order: ListOrder, list: Boundary[], n: number) =>
    order === 'NEWEST_FIRST' ? list : list.map((b) => ({ pos: n - b.pos, timeMs: b.timeMs }));

  function share(n: number) {
    total = n;
    for (const [order, pager] of pagers) {
      pager.setTotal(n, firstRows.get(reverseOf(order)) ?? null);
      pager.addBoundaries(inOrder(order, landmarks, n));
    }
  }

  /** The last row, then the counts of the slices between the two ends: the total and the landmarks. */
  async function count(order: ListOrder, first: FetchedRow<N>) {
    const last = firstRows.get(reverseOf(order)) ?? (await backend.last(order));
    if (disposed) return;
    if (!last) return share(0);
    firstRows.set(reverseOf(order), last);
    if (!pinned) {
      backend.pin(Math.max(first.timeMs, last.timeMs) + 1);
      pinned = true;
    }
    const [oldest, newest] = [first.timeMs, last.timeMs].sort((a, b) => a - b) as [number, number];
    const { ranges, times } = landmarkSlices(oldest, newest);
    const counts = await backend.counts(ranges);
    if (disposed) return;
    const made = landmarkBoundaries(times, counts, 'NEWEST_FIRST');
    landmarks = made.boundaries;
    share(made.total);
    options.onTotal?.(made.total);
  }

  async function pagerFor(order: ListOrder): Promise<{ pager: KeysetPager<N>; opened?: FetchedRow<N>[] }> {
    const existing = pagers.get(order);
    if (existing) return { pager: existing };
    const pager = new KeysetPager<N>(backend, { order, blockSize: options.blockSize, probeWidth: options.probeWidth });
    const opened = await pager.open(options.blockSize);
    pagers.set(order, pager);
    if (opened[0]) firstRows.set(order, opened[0]);
    // Newest first, the first row is the newest: everything after it is left out from now on.
    if (!pinned && order === 'NEWEST_FIRST' && opened[0]) {
      backend.pin(opened[0].timeMs + 1);
      pinned = true;
    }
    if (total === null && pager.total !== null) total = pager.total; // a short list: all of it came
    if (total !== null) {
      share(total);
    } else if (!counting && opened[0]) {
      counting = true;
      void count(order, opened[0]).catch((error: unknown) => {
        if (!disposed) options.onError?.(error);
      });
    }
    return { pager, opened };
  }

  return {
    pagers,
    get total() {
      return total;
    },
    dispose() {
      disposed = true;
    },
    attach() {
      disposed = false;
    },
    getRows(params: IGetRowsParams) {
      const order = orderOf(params.sortModel);
      serially(async () => {
        if (disposed) return;
        const { pager, opened } = await pagerFor(order);
        const rows = opened && params.startRow === 0 ? opened.slice(0, params.endRow) : await pager.load(params.startRow, params.endRow);
        if (disposed) return;
        params.successCallback(
          rows.map((r) => r.node),
          total ?? undefined,
        );
        options.onLoaded?.(params.startRow, rows.length, total ?? undefined);
        if (opened && total !== null) options.onTotal?.(total);
      }).catch((error: unknown) => {
        if (disposed) return;
        params.failCallback();
        options.onError?.(error);
      });
    },
  };
}
