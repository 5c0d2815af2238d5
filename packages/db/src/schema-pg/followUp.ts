import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, int64, rowMeta } from './columns';

/**
 * A yearly goal or activity of the follow-up (uppföljning), as a row of VästKom's results table:
 * its section, the heading it stands under, the goal and the activity, the budget, the time
 * spent against the action plan, the goal's status, the trend and a comment.
 */
export const followUpGoals = pgTable(
  'follow_up_goals',
  {
    id: id(),
    year: integer('year').notNull(),
    /** The row's place in the year's table, so a table reads in its own order. */
    position: integer('position').notNull(),
    section: text('section').notNull(),
    heading: text('heading'),
    goal: text('goal'),
    activity: text('activity'),
    /** Whole kronor. 64-bit as in SQLite: a programme's budget may pass 2^31 kronor, and PostgreSQL's integer would refuse it. */
    budget: int64('budget'),
    /** The budget as the source words it ("Budget: 4 030 000 kronor"). */
    budgetText: text('budget_text'),
    timeAssessment: text('time_assessment'),
    timePercent: integer('time_percent'),
    /** What the source writes in the time column when it is not an assessment ("delreg. satsning"). */
    timeNote: text('time_note'),
    goalStatus: text('goal_status'),
    trend: text('trend'),
    comment: text('comment'),
    ...rowMeta(),
  },
  (t) => [index('follow_up_goals_year_position_idx').on(t.year, t.position)],
);

/** A monthly status report: the month it sums up ('YYYY-MM'), what happened, and the plan ahead. */
export const followUpStatusReports = pgTable(
  'follow_up_status_reports',
  {
    id: id(),
    month: text('month').notNull(),
    summary: text('summary'),
    plan: text('plan'),
    ...rowMeta(),
  },
  // One report per owner and month; demo rows are unique among demo rows, so a demo token never meets a hidden real row here.
  (t) => [uniqueIndex('follow_up_status_reports_owner_month_demo_uq').on(t.ownerOrgId, t.month, t.isDemo)],
);
