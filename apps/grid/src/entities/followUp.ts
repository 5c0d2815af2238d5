import {
  FOLLOW_UP_GOAL_STATUS_LABELS,
  FOLLOW_UP_GOAL_STATUSES,
  FOLLOW_UP_TIME_ASSESSMENT_LABELS,
  FOLLOW_UP_TIME_ASSESSMENTS,
  FOLLOW_UP_TREND_LABELS,
  FOLLOW_UP_TRENDS,
  validateFollowUpGoal,
  validateFollowUpStatusReport,
  type FollowUpGoalInput,
  type FollowUpStatusReportInput,
} from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { graphql, type ResultOf } from '../graphql';
import { lower, ownerColumn, rowBase, RowOutcomeFields, ViolationFields, vocabulary } from './shared';

// The follow-up (uppföljning): the yearly goals and activities, in each year's table order (the
// server's default), and the monthly status reports, newest first.

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

export const FollowUpStatusReportFields = graphql(`
  fragment FollowUpStatusReportFields on FollowUpStatusReport {
    id
    version
    month
    summary
    plan
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

export const SaveFollowUpGoalsMutation = graphql(
  `
    mutation SaveFollowUpGoals(
      $create: [FollowUpGoalCreateInput!]!
      $update: [FollowUpGoalUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createFollowUpGoals(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on FollowUpGoalSaved {
            node {
              ...FollowUpGoalFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateFollowUpGoals(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on FollowUpGoalSaved {
            node {
              ...FollowUpGoalFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on FollowUpGoalConflict {
            yourVersion
            current {
              ...FollowUpGoalFields
            }
          }
        }
      }
      deleted: deleteFollowUpGoals(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on FollowUpGoalConflict {
            yourVersion
            current {
              ...FollowUpGoalFields
            }
          }
        }
      }
    }
  `,
  [FollowUpGoalFields, RowOutcomeFields, ViolationFields],
);

export const FollowUpStatusReportsQuery = graphql(
  `
    query FollowUpStatusReports($first: Int!, $after: String, $filter: FollowUpStatusReportFilter, $orderBy: [FollowUpStatusReportOrder!]) {
      followUpStatusReports(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...FollowUpStatusReportFields
        }
      }
    }
  `,
  [FollowUpStatusReportFields],
);

export const SaveFollowUpStatusReportsMutation = graphql(
  `
    mutation SaveFollowUpStatusReports(
      $create: [FollowUpStatusReportCreateInput!]!
      $update: [FollowUpStatusReportUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createFollowUpStatusReports(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on FollowUpStatusReportSaved {
            node {
              ...FollowUpStatusReportFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateFollowUpStatusReports(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on FollowUpStatusReportSaved {
            node {
              ...FollowUpStatusReportFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on FollowUpStatusReportConflict {
            yourVersion
            current {
              ...FollowUpStatusReportFields
            }
          }
        }
      }
      deleted: deleteFollowUpStatusReports(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on FollowUpStatusReportConflict {
            yourVersion
            current {
              ...FollowUpStatusReportFields
            }
          }
        }
      }
    }
  `,
  [FollowUpStatusReportFields, RowOutcomeFields, ViolationFields],
);

type GoalNode = ResultOf<typeof FollowUpGoalFields>;
type ReportNode = ResultOf<typeof FollowUpStatusReportFields>;

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
    { field: 'section', header: (t) => t.followUpColSection, kind: 'text', editable: true, required: true, order: 'SECTION', filter: { kind: 'text', path: ['section'] }, width: 250, pinned: true },
    { field: 'year', header: (t) => t.followUpColYear, kind: 'int', editable: true, required: true, order: 'YEAR', filter: { kind: 'number', path: ['year'] }, width: 90 },
    { field: 'position', header: (t) => t.followUpColPosition, kind: 'int', editable: true, required: true, order: 'POSITION', filter: { kind: 'number', path: ['position'] }, width: 80 },
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
    { field: 'timePercent', header: (t) => t.followUpColTimePercent, kind: 'int', editable: true, order: 'TIME_PERCENT', filter: { kind: 'number', path: ['timePercent'] }, width: 100 },
    { field: 'timeNote', header: (t) => t.followUpColTimeNote, kind: 'text', editable: true, filter: { kind: 'text', path: ['timeNote'] }, width: 150 },
    { field: 'goalStatus', header: (t) => t.followUpColGoalStatus, kind: 'enum', vocabulary: GOAL_STATUS_VOCABULARY, editable: true, order: 'GOAL_STATUS', filter: { kind: 'enum', path: ['goalStatus'] }, width: 180 },
    { field: 'trend', header: (t) => t.followUpColTrend, kind: 'enum', vocabulary: TREND_VOCABULARY, editable: true, order: 'TREND', filter: { kind: 'enum', path: ['trend'] }, width: 150 },
    { field: 'comment', header: (t) => t.followUpColComment, kind: 'longText', editable: true, filter: { kind: 'text', path: ['comment'] }, width: 380 },
    ownerColumn,
  ],
  // validateFollowUpGoal: a percentage needs its assessment, a year within range, a goal, an activity or a heading.
  validate: (v) => validateFollowUpGoal(v as unknown as FollowUpGoalInput),
};

export const followUpStatusReports: EntityConfig = {
  id: 'follow-up-status-reports',
  title: (t) => t.followUpReportsTitle,
  intro: (t) => t.followUpReportsTitle,
  list: FollowUpStatusReportsQuery,
  connection: (d: ResultOf<typeof FollowUpStatusReportsQuery>) => d.followUpStatusReports,
  save: SaveFollowUpStatusReportsMutation,
  search: true,
  toRow: (n: ReportNode) => ({
    ...rowBase(n),
    values: { month: n.month, summary: n.summary, plan: n.plan },
    labels: {},
    node: n,
  }),
  describe: (r) => String(r.values.month ?? ''),
  columns: [
    { field: 'month', header: (t) => t.followUpColMonth, kind: 'text', editable: true, required: true, order: 'MONTH', filter: { kind: 'text', path: ['month'] }, width: 110 },
    { field: 'summary', header: (t) => t.followUpColSummary, kind: 'longText', editable: true, filter: { kind: 'text', path: ['summary'] }, flex: 2, minWidth: 320 },
    { field: 'plan', header: (t) => t.followUpColPlan, kind: 'longText', editable: true, filter: { kind: 'text', path: ['plan'] }, flex: 2, minWidth: 320 },
    ownerColumn,
  ],
  // validateFollowUpStatusReport: the month as YYYY-MM, and a summary or a plan.
  validate: (v) => validateFollowUpStatusReport(v as unknown as FollowUpStatusReportInput),
};
