// Follow-up (uppföljning): VästKom's yearly goals and activities, each judged by the legend of
// its results table (seed 002, "Resultat 2019"), and the monthly status reports of the municipal
// FVM project (seed 004, "Nuläge").

import { isBlank } from './text';
import {
  FOLLOW_UP_GOAL_STATUSES,
  FOLLOW_UP_TIME_ASSESSMENTS,
  FOLLOW_UP_TRENDS,
  validateEnum,
  type FollowUpGoalStatus,
  type FollowUpTimeAssessment,
  type FollowUpTrend,
  type Labels,
} from './vocabulary';
import { violation, type RuleViolation } from './violations';

/**
 * The legend of the seed's table, in its own Swedish words (line breaks of the web page joined
 * with a space) and in English: what each goal state, trend and time assessment means.
 */
export const FOLLOW_UP_LEGEND: {
  goalStatus: Labels<FollowUpGoalStatus>;
  trend: Labels<FollowUpTrend>;
  timeAssessment: Labels<FollowUpTimeAssessment>;
} = {
  goalStatus: {
    met: { sv: 'Målet bedöms vara uppfyllt', en: 'The goal is judged to be met' },
    partly_met: { sv: 'Målet bedöms delvis vara uppfyllt', en: 'The goal is judged to be partly met' },
    not_met_or_dropped: { sv: 'Målet bedöms inte vara uppfyllt eller har utgått', en: 'The goal is judged not to be met, or has been dropped' },
  },
  trend: {
    positive: { sv: 'Positiv trend genom aktiviteten', en: 'Positive trend through the activity' },
    not_assessed: { sv: 'Ej bedömt aktivitetens påverkan', en: 'The activity’s effect not assessed' },
    negative: { sv: 'Negativ trend för aktiviteten', en: 'Negative trend for the activity' },
  },
  timeAssessment: {
    more: { sv: 'Tidsåtgång mer än enligt handlingsplan', en: 'Time spent more than in the action plan' },
    less: { sv: 'Tidsåtgång mindre än enligt handlingsplan', en: 'Time spent less than in the action plan' },
    about_equal: { sv: 'Tidsåtgång ungefär lika enligt handlingsplan', en: 'Time spent about as in the action plan' },
  },
};

/** The years a follow-up row may be about: VästKom's tables begin in this century, and a typo like 20019 is caught. */
export const FOLLOW_UP_FIRST_YEAR = 2000;
export const FOLLOW_UP_LAST_YEAR = 2100;

export interface FollowUpGoalInput {
  year: number | null;
  position: number | null;
  section: string | null;
  heading: string | null;
  goal: string | null;
  activity: string | null;
  budget: number | null;
  budgetText: string | null;
  timeAssessment: string | null;
  timePercent: number | null;
  timeNote: string | null;
  goalStatus: string | null;
  trend: string | null;
  comment: string | null;
}

function yearViolations(year: number, field: string): RuleViolation[] {
  if (Number.isInteger(year) && year >= FOLLOW_UP_FIRST_YEAR && year <= FOLLOW_UP_LAST_YEAR) return [];
  return [
    violation(
      field,
      'follow_up.year_out_of_range',
      `The year ${year} is outside ${FOLLOW_UP_FIRST_YEAR}–${FOLLOW_UP_LAST_YEAR}; write the year as four digits, for example 2019.`,
      `Året ${year} ligger utanför ${FOLLOW_UP_FIRST_YEAR}–${FOLLOW_UP_LAST_YEAR}; skriv året med fyra siffror, till exempel 2019.`,
    ),
  ];
}

/**
 * A yearly goal or activity. Required columns (year, position, section) are the write path's
 * `required` rule; these are the rules beyond them. Goal status and trend may be unknown (null):
 * the seed's text lost the legend icons of its rows, and a guess would not be the source.
 */
export function validateFollowUpGoal(g: FollowUpGoalInput): RuleViolation[] {
  const found = [
    ...validateEnum(g.timeAssessment, FOLLOW_UP_TIME_ASSESSMENTS, 'timeAssessment'),
    ...validateEnum(g.goalStatus, FOLLOW_UP_GOAL_STATUSES, 'goalStatus'),
    ...validateEnum(g.trend, FOLLOW_UP_TRENDS, 'trend'),
  ];
  if (g.year !== null) found.push(...yearViolations(g.year, 'year'));
  if (g.position !== null && !(Number.isInteger(g.position) && g.position >= 1)) {
    found.push(
      violation(
        'position',
        'follow_up.position_invalid',
        `The position is the row's place in the year's table: a whole number from 1, not ${g.position}.`,
        `Ordningen är radens plats i årets tabell: ett heltal från 1, inte ${g.position}.`,
      ),
    );
  }
  if (isBlank(g.heading) && isBlank(g.goal) && isBlank(g.activity)) {
    found.push(
      violation(
        'goal,activity,heading',
        'follow_up.content_required',
        'A follow-up row needs a goal, an activity or a heading.',
        'En uppföljningsrad behöver ett mål, en aktivitet eller en rubrik.',
      ),
    );
  }
  if (g.budget !== null && !(Number.isInteger(g.budget) && g.budget >= 0)) {
    found.push(
      violation(
        'budget',
        'follow_up.budget_invalid',
        `The budget is a whole number of kronor, 0 or more, not ${g.budget}.`,
        `Budgeten är ett helt antal kronor, 0 eller mer, inte ${g.budget}.`,
      ),
    );
  }
  if (g.timePercent !== null) {
    if (!(Number.isInteger(g.timePercent) && g.timePercent >= 0)) {
      found.push(
        violation(
          'timePercent',
          'follow_up.time_percent_invalid',
          `The percentage is a whole number, 0 or more, not ${g.timePercent}: whether time spent was more or less than planned is the assessment's to say.`,
          `Procentsatsen är ett heltal, 0 eller mer, inte ${g.timePercent}: om tidsåtgången var mer eller mindre än planerat anger bedömningen.`,
        ),
      );
    }
    if (isBlank(g.timeAssessment)) {
      found.push(
        violation(
          'timePercent',
          'follow_up.time_percent_without_assessment',
          'A percentage of time spent needs the assessment it belongs to: more than, less than or about as planned.',
          'En procentsats för tidsåtgången behöver sin bedömning: mer än, mindre än eller ungefär som planerat.',
        ),
      );
    }
  }
  return found;
}

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM', a real month: compares correctly as text. */
export function isYearMonth(s: string): boolean {
  return YEAR_MONTH.test(s);
}

export interface FollowUpStatusReportInput {
  month: string | null;
  summary: string | null;
  plan: string | null;
}

/** A monthly status report: the month it sums up, what happened, and the plan for the next. */
export function validateFollowUpStatusReport(r: FollowUpStatusReportInput): RuleViolation[] {
  const found: RuleViolation[] = [];
  if (r.month !== null && !isBlank(r.month)) {
    const m = YEAR_MONTH.exec(r.month);
    if (!m) {
      found.push(
        violation(
          'month',
          'follow_up.month_format',
          `The month "${r.month}" is not a month; write it as YYYY-MM, for example 2020-05.`,
          `Månaden "${r.month}" är ingen månad; skriv den som ÅÅÅÅ-MM, till exempel 2020-05.`,
        ),
      );
    } else found.push(...yearViolations(Number(m[1]), 'month'));
  }
  if (isBlank(r.summary) && isBlank(r.plan)) {
    found.push(
      violation(
        'summary,plan',
        'follow_up.report_empty',
        'A status report needs a summary or a plan.',
        'En lägesrapport behöver en summering eller en planering.',
      ),
    );
  }
  return found;
}
