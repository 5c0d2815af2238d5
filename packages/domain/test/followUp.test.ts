import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_LEGEND, isYearMonth, validateFollowUpGoal, validateFollowUpStatusReport, type FollowUpGoalInput } from '../src/followUp';
import { FOLLOW_UP_GOAL_STATUSES, FOLLOW_UP_TIME_ASSESSMENTS, FOLLOW_UP_TRENDS } from '../src/vocabulary';
import { codes } from './helpers';

const goal = (over: Partial<FollowUpGoalInput> = {}): FollowUpGoalInput => ({
  year: 2019,
  position: 1,
  section: 'PROJEKT / ARBETEN SOM DRIVS NATIONELLT',
  heading: null,
  goal: 'Nationell tjänst för säkra digitala meddelande erbjuds kommunerna',
  activity: 'Medverka i projekt för säkra digitala meddelande i nationella strukturer',
  budget: null,
  budgetText: null,
  timeAssessment: 'more',
  timePercent: 0,
  timeNote: null,
  goalStatus: null,
  trend: null,
  comment: null,
  ...over,
});

describe('validateFollowUpGoal', () => {
  it('accepts a seed row as the seed gives it, goal status and trend unknown', () => {
    expect(validateFollowUpGoal(goal())).toEqual([]);
    expect(validateFollowUpGoal(goal({ goalStatus: 'partly_met', trend: 'not_assessed', timeAssessment: 'about_equal', timePercent: null }))).toEqual([]);
  });

  it('needs the assessment a percentage belongs to', () => {
    expect(codes(validateFollowUpGoal(goal({ timeAssessment: null, timePercent: 30 })))).toEqual(['timePercent:follow_up.time_percent_without_assessment']);
    expect(codes(validateFollowUpGoal(goal({ timeAssessment: '', timePercent: 30 })))).toEqual(['timePercent:follow_up.time_percent_without_assessment']);
    // An assessment without a percentage is what the legend alone says.
    expect(validateFollowUpGoal(goal({ timeAssessment: 'less', timePercent: null }))).toEqual([]);
  });

  it('takes percentages of 0 and more, 500 % included (the seed has "Mer än 500%")', () => {
    expect(validateFollowUpGoal(goal({ timePercent: 500 }))).toEqual([]);
    expect(codes(validateFollowUpGoal(goal({ timePercent: -10 })))).toEqual(['timePercent:follow_up.time_percent_invalid']);
    expect(codes(validateFollowUpGoal(goal({ timePercent: 2.5 })))).toEqual(['timePercent:follow_up.time_percent_invalid']);
  });

  it('keeps the year within 2000–2100', () => {
    expect(validateFollowUpGoal(goal({ year: 2000 }))).toEqual([]);
    expect(validateFollowUpGoal(goal({ year: 2100 }))).toEqual([]);
    expect(codes(validateFollowUpGoal(goal({ year: 1999 })))).toEqual(['year:follow_up.year_out_of_range']);
    expect(codes(validateFollowUpGoal(goal({ year: 20019 })))).toEqual(['year:follow_up.year_out_of_range']);
    // A missing year is the required rule's to report.
    expect(validateFollowUpGoal(goal({ year: null }))).toEqual([]);
  });

  it('needs a goal, an activity or a heading', () => {
    expect(codes(validateFollowUpGoal(goal({ goal: null, activity: '  ' })))).toEqual(['goal,activity,heading:follow_up.content_required']);
    expect(validateFollowUpGoal(goal({ goal: null, activity: null, heading: 'SIP' }))).toEqual([]);
  });

  it('checks the vocabularies, the position and the budget', () => {
    expect(codes(validateFollowUpGoal(goal({ goalStatus: 'uppfyllt', trend: 'up', timeAssessment: 'mer' })))).toEqual([
      'timeAssessment:enum',
      'goalStatus:enum',
      'trend:enum',
    ]);
    expect(codes(validateFollowUpGoal(goal({ position: 0 })))).toEqual(['position:follow_up.position_invalid']);
    expect(codes(validateFollowUpGoal(goal({ budget: -1 })))).toEqual(['budget:follow_up.budget_invalid']);
    expect(validateFollowUpGoal(goal({ budget: 4_030_000, budgetText: 'Budget: 4 030 000 kronor' }))).toEqual([]);
  });

  it('answers in both languages', () => {
    const [v] = validateFollowUpGoal(goal({ timeAssessment: null, timePercent: 30 }));
    expect(v!.message).toContain('more than, less than or about as planned');
    expect(v!.messageSv).toContain('mer än, mindre än eller ungefär som planerat');
  });
});

describe('validateFollowUpStatusReport', () => {
  it('accepts a month with a summary or a plan', () => {
    expect(validateFollowUpStatusReport({ month: '2020-05', summary: 'Besked har kommit…', plan: null })).toEqual([]);
    expect(validateFollowUpStatusReport({ month: '2020-12', summary: null, plan: 'Rekryteringen…' })).toEqual([]);
  });

  it('wants the month as YYYY-MM', () => {
    for (const month of ['2020-5', '2020-13', '2020-00', 'maj 2020', '2020-05-01', '202005']) {
      expect(codes(validateFollowUpStatusReport({ month, summary: 'x', plan: null })), month).toEqual(['month:follow_up.month_format']);
    }
    expect(isYearMonth('2020-05')).toBe(true);
    expect(isYearMonth('2020-13')).toBe(false);
    expect(codes(validateFollowUpStatusReport({ month: '1999-12', summary: 'x', plan: null }))).toEqual(['month:follow_up.year_out_of_range']);
  });

  it('needs a summary or a plan', () => {
    expect(codes(validateFollowUpStatusReport({ month: '2020-05', summary: ' ', plan: null }))).toEqual(['summary,plan:follow_up.report_empty']);
  });
});

describe('the legend', () => {
  it('has the seed’s wording for every value of the three vocabularies', () => {
    expect(Object.keys(FOLLOW_UP_LEGEND.goalStatus)).toEqual([...FOLLOW_UP_GOAL_STATUSES]);
    expect(Object.keys(FOLLOW_UP_LEGEND.trend)).toEqual([...FOLLOW_UP_TRENDS]);
    expect(Object.keys(FOLLOW_UP_LEGEND.timeAssessment)).toEqual([...FOLLOW_UP_TIME_ASSESSMENTS]);
    expect(Object.values(FOLLOW_UP_LEGEND.goalStatus).map((l) => l.sv)).toEqual([
      'Målet bedöms vara uppfyllt',
      'Målet bedöms delvis vara uppfyllt',
      'Målet bedöms inte vara uppfyllt eller har utgått',
    ]);
    expect(Object.values(FOLLOW_UP_LEGEND.trend).map((l) => l.sv)).toEqual([
      'Positiv trend genom aktiviteten',
      'Ej bedömt aktivitetens påverkan',
      'Negativ trend för aktiviteten',
    ]);
    expect(Object.values(FOLLOW_UP_LEGEND.timeAssessment).map((l) => l.sv)).toEqual([
      'Tidsåtgång mer än enligt handlingsplan',
      'Tidsåtgång mindre än enligt handlingsplan',
      'Tidsåtgång ungefär lika enligt handlingsplan',
    ]);
  });
});
