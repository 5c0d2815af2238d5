// better-sqlite3 answers on the thread that runs every request: one long statement stalls them
// all. The SQLite stores therefore read big answers in short pieces and let other work run
// between them; an engine with its own connections (PostgreSQL) has no need of this.

/** Lets every other request take a turn (I/O, timers, other resolvers) before the next piece. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  for (let start = from; start < to;) {
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
