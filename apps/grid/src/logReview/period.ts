/**
 * The period a new review starts with: the previous calendar month, the usual monthly review.
 * `today` is a date (YYYY-MM-DD) in Swedish time, as the server counts periods.
 */
export function defaultPeriod(today: string): { periodStart: string; periodEnd: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  // Day 0 of this month is the last day of the previous one.
  const last = new Date(Date.UTC(y, m - 1, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { periodStart: `${year}-${mm}-01`, periodEnd: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** Today's date in Swedish time (a review's days are Swedish days). */
export function swedishToday(now = new Date()): string {
  // sv-SE formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** How far a run has come: decided items of all, as a whole percentage (a run with no items is done). */
export function runProgress(itemCount: number, openItems: number): { decided: number; percent: number } {
  const decided = Math.max(0, itemCount - openItems);
  return { decided, percent: itemCount === 0 ? 100 : Math.floor((decided / itemCount) * 100) };
}
