import { graphql, type ResultOf } from '../graphql';
import { LogEntryFields } from '../logs/queries';

// The review workspace's reads besides the two grids (routines, items; see entities/logReview*).

export const LogReviewRunFields = graphql(`
  fragment LogReviewRunFields on LogReviewRun {
    id
    periodStart
    periodEnd
    seed
    rules
    selectedEntries
    itemCount
    openItems
    completedOn
    routine {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

/** The newest runs first (the server's default order); a registry has a few a month per owner. */
export const LogReviewRunsQuery = graphql(
  `
    query LogReviewRuns($first: Int!) {
      logReviewRuns(first: $first) {
        totalCount
        nodes {
          ...LogReviewRunFields
        }
      }
    }
  `,
  [LogReviewRunFields],
);

/** What one run selected per rule and how much of it was found unjustified: counts only, for everyone. */
export const LogReviewRunStatisticsQuery = graphql(`
  query LogReviewRunStatistics($id: ID!) {
    node(id: $id) {
      id
      ... on LogReviewRun {
        statistics {
          items
          selectedEntries
          byRule {
            rule
            selectedEntries
            items
            decidedItems
            unjustifiedItems
            unjustifiedRate
          }
          byStatus {
            status
            items
          }
        }
      }
    }
  }
`);

/** The routines a new review may apply. */
export const RoutineChoicesQuery = graphql(`
  query LogReviewRoutineChoices {
    logReviewRoutines(first: 200, orderBy: [{ field: NAME, direction: ASC }]) {
      nodes {
        id
        name
        owner {
          id
          name
        }
      }
    }
  }
`);

export const StartLogReviewRunMutation = graphql(
  `
    mutation StartLogReviewRun($input: StartLogReviewRunInput!) {
      startLogReviewRun(input: $input) {
        run {
          ...LogReviewRunFields
        }
        violations {
          field
          code
          message
          messageSv
        }
      }
    }
  `,
  [LogReviewRunFields],
);

/** What a routine would select for a period, counted per rule; no run is made. The read is logged. */
export const PreviewLogReviewSelectionMutation = graphql(`
  mutation PreviewLogReviewSelection($input: PreviewLogReviewSelectionInput!) {
    previewLogReviewSelection(input: $input) {
      preview {
        seed
        selectedEntries
        byRule {
          rule
          entries
        }
      }
      violations {
        field
        code
        message
        messageSv
      }
    }
  }
`);

/** One item's entries and why each was chosen. Reading them is logged on the server (purpose log_review). */
export const ReviewItemEntriesQuery = graphql(
  `
    query ReviewItemEntries($id: ID!) {
      node(id: $id) {
        id
        ... on LogReviewItem {
          patientPseudonym
          selectedEntries {
            rules
            entry {
              ...LogEntryFields
            }
          }
        }
      }
    }
  `,
  [LogEntryFields],
);

/** The overdue list: owners past their own interval, and emergency accesses left unreviewed. */
export const ReviewOverdueQuery = graphql(`
  query ReviewOverdue {
    registryFindings(checks: [LOG_REVIEW_OVERDUE, EMERGENCY_ACCESS_NOT_REVIEWED]) {
      check
      message
      messageSv
      subjectId
      subjectType
      organisation {
        id
        name
      }
    }
  }
`);

export type LogReviewRunNode = ResultOf<typeof LogReviewRunFields>;
export type RuleCount = NonNullable<Extract<ResultOf<typeof LogReviewRunStatisticsQuery>['node'], { statistics: unknown }>>['statistics']['byRule'][number];
