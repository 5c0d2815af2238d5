import type { PgPool } from './pool';

/** Months (as their first millisecond, UTC) whose partition this process has already made sure of. */
const known = new WeakMap<PgPool, Set<number>>();

const monthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/**
 * Makes sure every month these times fall in has its partition (and the next three months, so the
 * clock's turn of the month finds one ready). An entry of a month without one would go to the
 * default partition, from which its month could never get its own.
 */
export async function ensureMonthsOf(pool: PgPool, times: readonly number[]): Promise<void> {
  let done = known.get(pool);
  if (!done) known.set(pool, (done = new Set()));
  const months = new Set(times.filter(Number.isFinite).map(monthStart));
  months.add(monthStart(Date.now()));
  for (const month of months) {
    if (done.has(month)) continue;
    const ahead = month === monthStart(Date.now()) ? 4 : 1;
    await pool.query('SELECT fvm_ensure_user_log_partitions($1, $2)', [month, ahead]);
    done.add(month);
  }
}
