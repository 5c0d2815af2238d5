import {
  FOLLOW_UP_GOAL_STATUS_LABELS,
  FOLLOW_UP_GOAL_STATUSES,
  FOLLOW_UP_TIME_ASSESSMENT_LABELS,
  FOLLOW_UP_TIME_ASSESSMENTS,
  FOLLOW_UP_TREND_LABELS,
  FOLLOW_UP_TRENDS,
  validateFollowUpGoal,
  type FollowUpGoalInput,
} from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { intColumn, longTextColumn, lower, ownerColumn, rowBase, textColumn, vocabulary } from './shared';

// The follow-up's yearly goals and activities (uppföljning), in each year's table order: the
// server's default order, so section by section as the source table has them.

export const FollowUpGoalFields = graphql(`
  fragment FollowUpGoalFields on FollowUpGoal {
    id
    version
    year
    position
    section
    heading
    goal
    activity
    budget
    budgetText
    timeAssessment
    timePercent
    timeNote
    goalStatus
    trend
    comment
    owner {
      id
      name
    }
  }
`);

export const FollowUpGoalsQuery = graphql(
  `
    query FollowUpGoals($first: Int!, $after: String, $filter: FollowUpGoalFilter, $orderBy: [FollowUpGoalOrder!]) {
      followUpGoals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...FollowUpGoalFields
        }
      }
    }
  `,
  [FollowUpGoalFields],
);

export const SaveFollowUpGoalsMutation = saveDocument('FollowUpGoals', FollowUpGoalFields);

type GoalNode = ResultOf<typeof FollowUpGoalFields>;

export const GOAL_STATUS_VOCABULARY = vocabulary(FOLLOW_UP_GOAL_STATUSES, FOLLOW_UP_GOAL_STATUS_LABELS);
export const TREND_VOCABULARY = vocabulary(FOLLOW_UP_TRENDS, FOLLOW_UP_TREND_LABELS);
export const TIME_ASSESSMENT_VOCABULARY = vocabulary(FOLLOW_UP_TIME_ASSESSMENTS, FOLLOW_UP_TIME_ASSESSMENT_LABELS);

export const followUpGoals: EntityConfig = {
  id: 'follow-up',
  title: (t) => t.followUpTitle,
  intro: (t) => t.followUpIntro,
  list: FollowUpGoalsQuery,
  connection: (d: ResultOf<typeof FollowUpGoalsQuery>) => d.followUpGoals,
  save: SaveFollowUpGoalsMutation,
  search: true,
  toRow: (n: GoalNode) => ({
    ...rowBase(n),
    values: {
      year: n.year,
      position: n.position,
      section: n.section,
      heading: n.heading,
      goal: n.goal,
      activity: n.activity,
      budget: n.budget,
      budgetText: n.budgetText,
      timeAssessment: lower(n.timeAssessment),
      timePercent: n.timePercent,
      timeNote: n.timeNote,
      goalStatus: lower(n.goalStatus),
      trend: lower(n.trend),
      comment: n.comment,
    },
    labels: {},
    node: n,
  }),
  describe: (r) => String(r.values.goal ?? r.values.activity ?? r.values.heading ?? ''),
  columns: [
    textColumn('section', (t) => t.followUpColSection, { required: true, order: 'SECTION', width: 250, pinned: true }),
    intColumn('year', (t) => t.followUpColYear, { required: true, order: 'YEAR', width: 90 }),
    intColumn('position', (t) => t.followUpColPosition, { required: true, order: 'POSITION', width: 80 }),
    longTextColumn('heading', (t) => t.followUpColHeading, { width: 240 }),
    longTextColumn('goal', (t) => t.followUpColGoal, { width: 320 }),
    longTextColumn('activity', (t) => t.followUpColActivity, { width: 320 }),
    {
      field: 'budget',
      header: (t) => t.followUpColBudget,
      kind: 'int',
      editable: true,
      order: 'BUDGET',
      filter: { kind: 'number', path: ['budget'] },
      // Kronor in groups of three, as the source writes them ("4 030 000"); the parser takes them back.
      format: (v, _t, lang) => (typeof v === 'number' ? v.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB') : v == null ? '' : String(v)),
      width: 120,
    },
    textColumn('budgetText', (t) => t.followUpColBudgetText, { width: 190 }),
    {
      field: 'timeAssessment',
      header: (t) => t.followUpColTimeAssessment,
      kind: 'enum',
      vocabulary: TIME_ASSESSMENT_VOCABULARY,
      editable: true,
      order: 'TIME_ASSESSMENT',
      filter: { kind: 'enum', path: ['timeAssessment'] },
      width: 170,
    },
    intColumn('timePercent', (t) => t.followUpColTimePercent, { order: 'TIME_PERCENT', width: 100 }),
    textColumn('timeNote', (t) => t.followUpColTimeNote, { width: 150 }),
    {
      field: 'goalStatus',
      header: (t) => t.followUpColGoalStatus,
      kind: 'enum',
      vocabulary: GOAL_STATUS_VOCABULARY,
      editable: true,
      order: 'GOAL_STATUS',
      filter: { kind: 'enum', path: ['goalStatus'] },
      width: 180,
    },
    {
      field: 'trend',
      header: (t) => t.followUpColTrend,
      kind: 'enum',
      vocabulary: TREND_VOCABULARY,
      editable: true,
      order: 'TREND',
      filter: { kind: 'enum', path: ['trend'] },
      width: 150,
    },
    longTextColumn('comment', (t) => t.followUpColComment, { width: 380 }),
    ownerColumn,
  ],
  // validateFollowUpGoal: a percentage needs its assessment, a year within range, a goal, an activity or a heading.
  validate: (v) => validateFollowUpGoal(v as unknown as FollowUpGoalInput),
};
