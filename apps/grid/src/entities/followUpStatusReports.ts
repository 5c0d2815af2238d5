import { validateFollowUpStatusReport, type FollowUpStatusReportInput } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { longTextColumn, ownerColumn, rowBase, textColumn } from './shared';

// The follow-up's monthly status reports (lägesrapporter), newest month first (the server's default).

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

export const SaveFollowUpStatusReportsMutation = saveDocument('FollowUpStatusReports', FollowUpStatusReportFields);

type ReportNode = ResultOf<typeof FollowUpStatusReportFields>;

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
    textColumn('month', (t) => t.followUpColMonth, { required: true, order: 'MONTH', width: 110 }),
    longTextColumn('summary', (t) => t.followUpColSummary, { flex: 2, minWidth: 320 }),
    longTextColumn('plan', (t) => t.followUpColPlan, { flex: 2, minWidth: 320 }),
    ownerColumn,
  ],
  // validateFollowUpStatusReport: the month as YYYY-MM, and a summary or a plan.
  validate: (v) => validateFollowUpStatusReport(v as unknown as FollowUpStatusReportInput),
};
