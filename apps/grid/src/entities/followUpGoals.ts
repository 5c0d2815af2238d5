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
import { lower, ownerColumn, rowBase, vocabulary } from './shared';

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
    {
      field: 'section',
      header: (t) => t.followUpColSection,
      kind: 'text',
      editable: true,
      required: true,
      order: 'SECTION',
      filter: { kind: 'text', path: ['section'] },
      width: 250,
      pinned: true,
    },
    {
      field: 'year',
      header: (t) => t.followUpColYear,
      kind: 'int',
      editable: true,
      required: true,
      order: 'YEAR',
      filter: { kind: 'number', path: ['year'] },
      width: 90,
    },
    {
      field: 'position',
      header: (t) => t.followUpColPosition,
      kind: 'int',
      editable: true,
      required: true,
      order: 'POSITION',
      filter: { kind: 'number', path: ['position'] },
      width: 80,
    },
    { field: 'heading', header: (t) => t.followUpColHeading, kind: 'longText', editable: true, filter: { kind: 'text', path: ['heading'] }, width: 240 },
    { field: 'goal', header: (t) => t.followUpColGoal, kind: 'longText', editable: true, filter: { kind: 'text', path: ['goal'] }, width: 320 },
    { field: 'activity', header: (t) => t.followUpColActivity, kind: 'longText', editable: true, filter: { kind: 'text', path: ['activity'] }, width: 320 },
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
    { field: 'budgetText', header: (t) => t.followUpColBudgetText, kind: 'text', editable: true, filter: { kind: 'text', path: ['budgetText'] }, width: 190 },
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
    {
      field: 'timePercent',
      header: (t) => t.followUpColTimePercent,
      kind: 'int',
      editable: true,
      order: 'TIME_PERCENT',
      filter: { kind: 'number', path: ['timePercent'] },
      width: 100,
    },
    { field: 'timeNote', header: (t) => t.followUpColTimeNote, kind: 'text', editable: true, filter: { kind: 'text', path: ['timeNote'] }, width: 150 },
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
    { field: 'comment', header: (t) => t.followUpColComment, kind: 'longText', editable: true, filter: { kind: 'text', path: ['comment'] }, width: 380 },
    ownerColumn,
  ],
  // validateFollowUpGoal: a percentage needs its assessment, a year within range, a goal, an activity or a heading.
  validate: (v) => validateFollowUpGoal(v as unknown as FollowUpGoalInput),
};
