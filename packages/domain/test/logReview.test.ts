import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  isoDateOfMs,
  isReviewOverdue,
  lowerMedian,
  ruleBit,
  rulesOfMask,
  sampleRanks,
  outsideHoursSpans,
  unusualDays,
  selectForReview,
  stockholmHour,
  stockholmMidnightMs,
  stockholmOffsetMs,
  summerTimeSpans,
  validateReviewItem,
  validateReviewPeriod,
  validateReviewRoutine,
  LOG_REVIEW_RULES,
  type SelectableEntry,
} from '../src';

const stockholm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', hourCycle: 'h23' });

describe('Swedish time by arithmetic', () => {
  it('agrees with the time-zone database on every hour of 2024–2027', () => {
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000) {
      expect(stockholmHour(ms)).toBe(Number(stockholm.format(ms)));
    }
  });
  it('finds midnight and the summer-time spans of a period', () => {
    expect(stockholmMidnightMs('2026-07-01')).toBe(Date.parse('2026-06-30T22:00:00Z'));
    expect(stockholmMidnightMs('2026-12-01')).toBe(Date.parse('2026-11-30T23:00:00Z'));
    expect(summerTimeSpans(Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31))).toEqual([
      { fromMs: Date.parse('2026-03-29T01:00:00Z'), toMs: Date.parse('2026-10-25T01:00:00Z') },
    ]);
    expect(summerTimeSpans(Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 31))).toEqual([]);
    expect(stockholmOffsetMs(Date.parse('2026-10-25T00:59:59Z'))).toBe(7_200_000);
    expect(stockholmOffsetMs(Date.parse('2026-10-25T01:00:00Z'))).toBe(3_600_000);
  });
  it('turns day numbers into dates without the clock', () => {
    for (const iso of ['1970-01-01', '2000-02-29', '2026-12-31', '2100-03-01', '1900-01-01']) {
      expect(isoDateOfMs(Date.parse(`${iso}T12:00:00Z`))).toBe(iso);
    }
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
  });
});

describe('routines, periods and findings', () => {
  const routine = {
    name: 'Månadskontroll',
    intervalDays: 30,
    sampleSize: 20,
    emergencyReviewDays: 14,
    usualHoursStart: 7,
    usualHoursEnd: 18,
    volumeFactor: 3,
    volumeMinimum: 30,
  };
  it('accepts a sound routine and names every field out of bounds', () => {
    expect(validateReviewRoutine(routine)).toEqual([]);
    const bad = validateReviewRoutine({ ...routine, name: ' ', intervalDays: 0, sampleSize: 1.5, usualHoursStart: 18, usualHoursEnd: 7, volumeFactor: null });
    expect(bad.map((v) => [v.field, v.code])).toEqual([
      ['intervalDays', 'log_review.routine_value_out_of_range'],
      ['sampleSize', 'log_review.routine_value_out_of_range'],
      ['volumeFactor', 'log_review.routine_value_required'],
      ['usualHoursEnd', 'log_review.usual_hours_empty'],
      ['name', 'log_review.routine_name_required'],
    ]);
    expect(bad.every((v) => v.message && v.messageSv)).toBe(true);
  });
  it('bounds a period: in order, not in the future, at most a year', () => {
    expect(validateReviewPeriod('2026-10-01', '2026-10-31', '2026-11-05')).toEqual([]);
    expect(validateReviewPeriod('2026-10-31', '2026-10-01', '2026-11-05')[0]!.code).toBe('log_review.period_reversed');
    expect(validateReviewPeriod('2026-10-01', '2026-11-06', '2026-11-05')[0]!.code).toBe('log_review.period_in_future');
    expect(validateReviewPeriod('2024-10-01', '2026-10-01', '2026-11-05')[0]!.code).toBe('log_review.period_too_long');
    expect(validateReviewPeriod('2026-02-30', '2026-03-01', '2026-11-05')[0]!.code).toBe('date.invalid');
  });
  it('a finding needs reasoning and who decided; decisions are not reopened; only unjustified opens a case', () => {
    expect(validateReviewItem({ status: 'open' }, { status: 'justified', reasoning: 'Vårdrelation', decidedBy: 'A' })).toEqual([]);
    expect(validateReviewItem({ status: 'open' }, { status: 'justified' }).map((v) => v.code)).toEqual([
      'log_review.reasoning_required',
      'log_review.decided_by_required',
    ]);
    expect(validateReviewItem({ status: 'justified' }, { status: 'open' }).map((v) => v.code)).toEqual(['log_review.decision_not_reopened']);
    expect(validateReviewItem(null, { status: 'justified', reasoning: 'x', decidedBy: 'A', caseAction: 'report_to_imy' }).map((v) => v.code)).toEqual([
      'log_review.case_needs_unjustified',
    ]);
    expect(validateReviewItem(null, { status: 'unjustified', reasoning: 'x', decidedBy: 'A', caseOutcome: 'Varning' }).map((v) => v.code)).toEqual([
      'log_review.case_action_required',
    ]);
    expect(
      validateReviewItem(null, {
        status: 'unjustified',
        reasoning: 'x',
        decidedBy: 'A',
        caseAction: 'report_to_ivo',
        caseOutcome: 'Anmält',
        caseClosedOn: '2026-11-01',
      }),
    ).toEqual([]);
    expect(validateReviewItem(null, { status: 'maybe' })[0]!.code).toBe('enum.invalid');
  });
  it('is overdue past the interval, or with no completed review at all', () => {
    expect(isReviewOverdue(30, null, '2026-11-01')).toBe(true);
    expect(isReviewOverdue(30, '2026-10-02', '2026-11-01')).toBe(false);
    expect(isReviewOverdue(30, '2026-10-01', '2026-11-01')).toBe(true);
  });
});

describe('the selection’s definition', () => {
  it('keeps rule bits stable and reversible', () => {
    expect(ruleBit('emergency_access')).toBe(1);
    expect(ruleBit('random_sample')).toBe(512);
    expect(rulesOfMask(1 | 32 | 512)).toEqual(['emergency_access', 'rare_pair', 'random_sample']);
    expect(LOG_REVIEW_RULES).toHaveLength(10);
  });
  it('draws the sample as distinct ranks from the seed, the same ones every time', () => {
    const ranks = sampleRanks(7, 1_000_000, 1000);
    expect(ranks).toHaveLength(1000);
    expect(new Set(ranks).size).toBe(1000);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(Math.max(...ranks)).toBeLessThan(1_000_000);
    const lowHalf = ranks.filter((r) => r < 500_000).length;
    expect(lowHalf).toBeGreaterThan(400);
    expect(lowHalf).toBeLessThan(600);
    expect(sampleRanks(7, 1_000_000, 1000)).toEqual(ranks);
    expect(sampleRanks(8, 1_000_000, 1000)).not.toEqual(ranks);
    // Asked for as many as there are or more: every entry, whatever the seed.
    expect(sampleRanks(3, 4, 10)).toEqual([0, 1, 2, 3]);
    expect(sampleRanks(3, 5, 4)).toHaveLength(4);
    expect(lowerMedian([5, 1, 3, 2])).toBe(2);
  });
  it('finds the instants outside the usual hours on a Stockholm clock, switches to and from summer time included', () => {
    // 2026-03-29: clocks go from 02:00 to 03:00; 2026-10-25: from 03:00 back to 02:00.
    for (const day of ['2026-03-29', '2026-10-25', '2026-06-15']) {
      const from = stockholmMidnightMs(day);
      const to = stockholmMidnightMs(nextDay(day));
      const spans = outsideHoursSpans(from, to, 7, 18);
      for (let t = from; t < to; t += 15 * 60_000) {
        const hour = stockholmHour(t);
        const inside = spans.some((s) => t >= s.fromMs && t < s.toMs);
        expect(inside, `${new Date(t).toISOString()}`).toBe(hour < 7 || hour >= 18);
      }
      expect(spans).toHaveLength(2);
    }
  });
  it('calls a day unusual only above both the minimum and the factor times the user’s own median', () => {
    const days = new Map([
      [1, 10],
      [2, 12],
      [3, 11],
      [4, 40],
      [5, 31],
    ]);
    expect(unusualDays(days, { volumeFactor: 3, volumeMinimum: 30 })).toEqual([4]);
    expect(unusualDays(days, { volumeFactor: 2, volumeMinimum: 30 })).toEqual([4, 5]);
    expect(unusualDays(days, { volumeFactor: 2, volumeMinimum: 35 })).toEqual([4]);
  });
  it('selects each rule’s entries and exactly the sample size at random', () => {
    const base = Date.parse('2026-11-02T09:00:00Z');
    const e = (id: number, extra: Partial<SelectableEntry>): SelectableEntry => ({
      id,
      occurredAt: base + id * 60_000,
      userHsaId: `u${id % 5}`,
      careUnit: `unit${id % 2}`,
      patient: `p${id % 7}`,
      careProviderId: 1,
      dataOwnerId: 1,
      action: 'read',
      basis: 'care_relationship',
      ...extra,
    });
    const entries = [
      ...Array.from({ length: 40 }, (_, i) => e(i + 1, {})),
      e(100, { basis: 'emergency_access' }),
      e(101, { basis: 'none' }),
      e(102, { careProviderId: 2 }),
      e(103, { occurredAt: Date.parse('2026-11-02T02:00:00Z') }),
      e(104, { action: 'print' }),
      e(105, { notPermitted: true }),
      e(106, { disclosureUnassessed: true, action: 'disclose' }),
    ];
    const all = (1 << 10) - 1;
    const selected = selectForReview(entries, {
      rules: all,
      usualHoursStart: 7,
      usualHoursEnd: 18,
      volumeFactor: 3,
      volumeMinimum: 30,
      sampleSize: 5,
      seed: 1,
    });
    expect(rulesOfMask(selected.get(100)!)).toContain('emergency_access');
    expect(rulesOfMask(selected.get(101)!)).toContain('no_care_relationship');
    expect(rulesOfMask(selected.get(102)!)).toContain('other_care_provider');
    expect(rulesOfMask(selected.get(103)!)).toContain('outside_usual_hours');
    expect(rulesOfMask(selected.get(104)!)).toContain('output_action');
    expect(rulesOfMask(selected.get(105)!)).toContain('action_not_permitted');
    expect(rulesOfMask(selected.get(106)!)).toEqual(expect.arrayContaining(['output_action', 'disclosure_without_assessment']));
    expect([...selected.values()].filter((m) => m & ruleBit('random_sample'))).toHaveLength(5);
    // Switched off, a rule selects nothing; emergency access is always selected.
    const none = selectForReview(entries, { rules: 0, usualHoursStart: 7, usualHoursEnd: 18, volumeFactor: 3, volumeMinimum: 30, sampleSize: 0, seed: 1 });
    expect([...none.keys()]).toEqual([100]);
  });
});

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
