import type { Sqlite } from '../client';
import { codecFor } from '../writes/codec';
import { makeRun } from '../logReview/runs';
import { logReviewRoutines } from '../schema';
import type { LogKeys } from '../userLogs/keys';

/** The demo routines' owners, by municipality code. */
export const DEMO_OWNERS = { goteborg: '1480', boras: '1490' } as const;

/** A demo routine's row (`?` placeholders; the values from demoRoutines, booleans as 0/1, which PostgreSQL's boolean parameters read too). */
export const DEMO_ROUTINE_INSERT = `INSERT INTO log_review_routines (name, interval_days, sample_size, reviewer, emergency_review_days, rule_other_care_provider, rule_outside_usual_hours, rule_output_action, owner_org_id, is_demo)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`;

/** Göteborg's routine first (the one the demo run follows), then Borås's. */
export function demoRoutines(goteborg: number, boras: number): unknown[][] {
  return [
    ['Demo: Månatlig loggkontroll', 30, 20, 'Demo: Loggansvarig, Göteborgs Stad', 14, 0, 0, 0, goteborg, 1],
    ['Demo: Kvartalsvis loggkontroll', 90, 40, 'Demo: Patientsäkerhetsenheten, Borås Stad', 7, 0, 0, 1, boras, 1],
  ];
}

/** The demo run's period (the last full calendar month), seed and clock. */
export function demoLogReviewPlan(now: Date) {
  const firstOfMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const lastMonthEnd = new Date(firstOfMonth.getTime() - 86_400_000);
  const lastMonthStart = new Date(Date.UTC(lastMonthEnd.getUTCFullYear(), lastMonthEnd.getUTCMonth(), 1));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { period: { periodStart: day(lastMonthStart), periodEnd: day(lastMonthEnd) }, seed: 20_261_203, clock: { now: now.toISOString(), today: day(now) } };
}

/**
 * Demo log review: routines for Göteborg (where the demo log reviewer works) and Borås, and one
 * open run of Göteborg's routine over the last full calendar month of demo entries, so that a
 * reviewer finds work waiting and Göteborg on the overdue list until it is done.
 *
 * The demo entries' times are spread evenly over the day and 20 % of them reach another owner's
 * records, so "outside usual hours" and "another care provider" would select half a month; the
 * demo routines leave those two off, as an owner with such a pattern would.
 */
export function loadDemoLogReview(sqlite: Sqlite, keys: LogKeys, now = new Date()): { routines: number; runs: number } {
  if (sqlite.prepare('SELECT 1 FROM log_review_routines WHERE is_demo = 1 LIMIT 1').get()) return { routines: 0, runs: 0 };
  const orgId = (code: string) =>
    sqlite.prepare('SELECT id FROM organisations WHERE municipality_code = ? AND is_demo = 0').pluck().get(code) as number | undefined;
  const goteborg = orgId(DEMO_OWNERS.goteborg);
  const boras = orgId(DEMO_OWNERS.boras);
  if (!goteborg || !boras) return { routines: 0, runs: 0 };
  const insert = sqlite.prepare(DEMO_ROUTINE_INSERT);
  const [gbgRoutine] = demoRoutines(goteborg, boras).map((values) => codecFor(logReviewRoutines).decode(insert.get(...values) as Record<string, unknown>));
  const plan = demoLogReviewPlan(now);
  const run = makeRun(sqlite, keys, null, gbgRoutine!, { routineId: gbgRoutine!.id, ...plan.period, seed: plan.seed }, plan.clock);
  return { routines: 2, runs: run.kind === 'started' ? 1 : 0 };
}
