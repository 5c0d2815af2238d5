// Swedish wall-clock time, computed rather than looked up: the log review's "usual hours" and
// "per day" are the care provider's local hours and days, and the same arithmetic has to run in
// SQL over millions of entries, so it is the EU summer-time rule (CET, CEST from 01:00 UTC on the
// last Sunday of March to 01:00 UTC on the last Sunday of October) written out, not a time-zone
// database that SQLite does not have.

import { civilFromDays, daysInMonth, isoDateOfMs } from './dates';

const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** 01:00 UTC on the last Sunday of the month (0-based) of a year. */
function lastSundayOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, daysInMonth(year, month + 1));
  const weekday = (Math.floor(lastDay / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return lastDay - weekday * DAY_MS + HOUR_MS;
}

const yearOf = (ms: number) => civilFromDays(Math.floor(ms / DAY_MS)).year;

/** Milliseconds Stockholm is ahead of UTC at an instant: one hour, two in summer time. */
export function stockholmOffsetMs(ms: number): number {
  const year = yearOf(ms);
  return ms >= lastSundayOneUtc(year, 2) && ms < lastSundayOneUtc(year, 9) ? 2 * HOUR_MS : HOUR_MS;
}

/** The hour (0–23) on a Stockholm clock. */
export function stockholmHour(ms: number): number {
  return Math.floor((ms + stockholmOffsetMs(ms)) / HOUR_MS) % 24;
}

/** The Stockholm calendar day as a day number (days since 1970-01-01). */
export function stockholmDayNumber(ms: number): number {
  return Math.floor((ms + stockholmOffsetMs(ms)) / DAY_MS);
}

/** The instant a Stockholm calendar day ('YYYY-MM-DD') begins. */
export function stockholmMidnightMs(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // Midnight is never inside a switch (switches happen at 01:00 UTC), so one correction suffices.
  return utcMidnight - stockholmOffsetMs(utcMidnight - HOUR_MS);
}

/** Summer-time intervals [fromMs, toMs) that overlap a period, for the SQL that shifts instants to local time. */
export function summerTimeSpans(fromMs: number, toMs: number): { fromMs: number; toMs: number }[] {
  const out: { fromMs: number; toMs: number }[] = [];
  const first = yearOf(fromMs);
  const last = yearOf(toMs);
  for (let year = first; year <= last; year++) {
    const span = { fromMs: lastSundayOneUtc(year, 2), toMs: lastSundayOneUtc(year, 9) };
    if (span.toMs > fromMs && span.fromMs < toMs) out.push(span);
  }
  return out;
}

/** The instant a Stockholm day (as a day number) begins. */
export function stockholmDayStartMs(day: number): number {
  return stockholmMidnightMs(isoDateOfMs(day * DAY_MS));
}

/** A Stockholm month as year × 12 + month − 1, from a Stockholm day number. */
export function stockholmMonthOfDay(day: number): number {
  const { year, month } = civilFromDays(day);
  return year * 12 + month - 1;
}

/** The instant a Stockholm month (year × 12 + month − 1) begins. */
export function stockholmMonthStartMs(month: number): number {
  const year = Math.floor(month / 12);
  return stockholmMidnightMs(`${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01`);
}
