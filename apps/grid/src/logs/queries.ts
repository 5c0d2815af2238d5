import { graphql, type ResultOf, type VariablesOf } from '../graphql';

// The log browser's reads. Each is one HTTP request; see pager.ts for how they combine into random
// access by row position. Every one of them is recorded server-side as a read of the log.

export const LogEntryFields = graphql(`
  fragment LogEntryFields on UserLogEntry {
    entryId
    occurredAt
    userHsaId
    userName
    userProfession
    careProvider {
      id
      name
    }
    careUnit
    action
    patientPseudonym
    category {
      id
      name
      nameEn
    }
    dataOwner {
      id
      name
    }
    basis
    device
    sourceSystem
    sourceEntryId
    outcome
    isDemo
  }
`);

/** The first page. */
export const UserLogOpenQuery = graphql(
  `
    query UserLogOpen($filter: UserLogFilter, $order: UserLogOrder!, $first: Int!) {
      userLogs(filter: $filter, order: $order, first: $first) {
        edges {
          cursor
          node {
            ...LogEntryFields
          }
        }
      }
    }
  `,
  [LogEntryFields],
);

/** The last row of the list (the first in the other order). */
export const UserLogLastQuery = graphql(
  `
    query UserLogLast($filter: UserLogFilter, $reverse: UserLogOrder!) {
      userLogs(filter: $filter, order: $reverse, first: 1) {
        edges {
          cursor
          node {
            ...LogEntryFields
          }
        }
      }
    }
  `,
  [LogEntryFields],
);

/**
 * How many entries lie in each of twelve time ranges, in one request: summed, the row count, and
 * the boundaries between them are landmarks for seeking (see pager.ts). Counting reads every match,
 * so it is asked for apart from the rows. Twelve: the server allows fifteen aliases.
 */
export const UserLogCountsQuery = graphql(`
  query UserLogCounts(
    $f0: UserLogFilter
    $f1: UserLogFilter
    $f2: UserLogFilter
    $f3: UserLogFilter
    $f4: UserLogFilter
    $f5: UserLogFilter
    $f6: UserLogFilter
    $f7: UserLogFilter
    $f8: UserLogFilter
    $f9: UserLogFilter
    $f10: UserLogFilter
    $f11: UserLogFilter
  ) {
    c0: userLogs(filter: $f0, first: 0) {
      totalCount
    }
    c1: userLogs(filter: $f1, first: 0) {
      totalCount
    }
    c2: userLogs(filter: $f2, first: 0) {
      totalCount
    }
    c3: userLogs(filter: $f3, first: 0) {
      totalCount
    }
    c4: userLogs(filter: $f4, first: 0) {
      totalCount
    }
    c5: userLogs(filter: $f5, first: 0) {
      totalCount
    }
    c6: userLogs(filter: $f6, first: 0) {
      totalCount
    }
    c7: userLogs(filter: $f7, first: 0) {
      totalCount
    }
    c8: userLogs(filter: $f8, first: 0) {
      totalCount
    }
    c9: userLogs(filter: $f9, first: 0) {
      totalCount
    }
    c10: userLogs(filter: $f10, first: 0) {
      totalCount
    }
    c11: userLogs(filter: $f11, first: 0) {
      totalCount
    }
  }
`);

/** A page after a cursor (or from the start), in either order. */
export const UserLogRowsQuery = graphql(
  `
    query UserLogRows($filter: UserLogFilter, $order: UserLogOrder!, $first: Int!, $after: String) {
      userLogs(filter: $filter, order: $order, first: $first, after: $after) {
        edges {
          cursor
          node {
            ...LogEntryFields
          }
        }
      }
    }
  `,
  [LogEntryFields],
);

/** A seek: the rows on each side of a time boundary, and the count that places the boundary. */
export const UserLogProbeQuery = graphql(
  `
    query UserLogProbe($head: UserLogFilter, $tail: UserLogFilter, $count: UserLogFilter, $order: UserLogOrder!, $reverse: UserLogOrder!, $width: Int!) {
      head: userLogs(filter: $head, order: $reverse, first: $width) {
        edges {
          cursor
          node {
            ...LogEntryFields
          }
        }
      }
      tail: userLogs(filter: $tail, order: $order, first: $width) {
        edges {
          cursor
          node {
            ...LogEntryFields
          }
        }
      }
      count: userLogs(filter: $count, first: 0) {
        totalCount
      }
    }
  `,
  [LogEntryFields],
);

/** The organisations to filter by (care provider, data owner). */
export const LogOrganisationsQuery = graphql(`
  query LogOrganisations {
    organisations(first: 500, orderBy: [{ field: NAME }]) {
      nodes {
        id
        name
      }
    }
  }
`);

export type LogEntry = ResultOf<typeof LogEntryFields>;
export type UserLogFilter = NonNullable<VariablesOf<typeof UserLogOpenQuery>['filter']>;
export type LogOrganisation = ResultOf<typeof LogOrganisationsQuery>['organisations']['nodes'][number];
