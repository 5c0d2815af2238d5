import {
  LOG_REVIEW_RULE_LABELS,
  LOG_REVIEW_RULES,
  REVIEW_CASE_ACTION_LABELS,
  REVIEW_CASE_ACTIONS,
  REVIEW_STATUS_LABELS,
  REVIEW_STATUSES,
  validateReviewItem,
  type ReviewItemState,
} from '@fvm/domain';
import { writersOfTable, type EntityConfig, type EntityRow } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { formatLogTime } from '../logs/format';
import { RuleChips } from '../logReview/RuleChips';
import { ruleText } from '../logReview/rules';
import { dateColumn, lower, rowBase, textColumn, vocabulary } from './shared';

export const LogReviewItemFields = graphql(`
  fragment LogReviewItemFields on LogReviewItem {
    id
    version
    userHsaId
    userName
    patientPseudonym
    entryCount
    rules
    firstOccurredAt
    lastOccurredAt
    status
    finding
    reasoning
    decidedBy
    decidedAt
    caseAction
    caseOutcome
    caseClosedOn
    owner {
      id
      name
    }
  }
`);

export const LogReviewItemsQuery = graphql(
  `
    query LogReviewItems($first: Int!, $after: String, $filter: LogReviewItemFilter, $orderBy: [LogReviewItemOrder!]) {
      logReviewItems(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...LogReviewItemFields
        }
      }
    }
  `,
  [LogReviewItemFields],
);

/** Items are never created or deleted here (a run makes them): the Save sends updates alone. */
export const SaveLogReviewItemsMutation = saveDocument('LogReviewItems', LogReviewItemFields);

export type LogReviewItemNode = ResultOf<typeof LogReviewItemFields>;

const rulesOf = (row: EntityRow) => (row.node as LogReviewItemNode | undefined)?.rules ?? [];

export const logReviewItems: EntityConfig = {
  id: 'log-review-items',
  title: (t) => t.reviewItemsTitle,
  intro: (t) => t.reviewItemsIntro,
  list: LogReviewItemsQuery,
  connection: (d: ResultOf<typeof LogReviewItemsQuery>) => d.logReviewItems,
  save: SaveLogReviewItemsMutation,
  toRow: (n: LogReviewItemNode) => ({
    ...rowBase(n),
    values: {
      userName: n.userName,
      userHsaId: n.userHsaId,
      entryCount: n.entryCount,
      status: lower(n.status),
      reasoning: n.reasoning,
      decidedBy: n.decidedBy,
      finding: n.finding,
      caseAction: lower(n.caseAction),
      caseOutcome: n.caseOutcome,
      caseClosedOn: n.caseClosedOn,
    },
    labels: {},
    node: n,
  }),
  canCreate: false,
  canDelete: false,
  // A finding is the data owner's log reviewer's alone.
  writers: writersOfTable('logReviewItems'),
  describe: (r) => String(r.values.userName ?? ''),
  columns: [
    {
      field: 'userName',
      header: (t) => t.logsColUser,
      kind: 'text',
      order: 'USER_NAME',
      filter: { kind: 'text', path: ['userName'] },
      width: 170,
      pinned: true,
    },
    {
      field: 'rules',
      header: (t) => t.reviewColRules,
      headerTooltip: (t) => t.reviewColRulesHint,
      kind: 'computed',
      // The vocabulary gives the column's filter its choices; the API filters one rule at a time.
      vocabulary: vocabulary(LOG_REVIEW_RULES, LOG_REVIEW_RULE_LABELS),
      compute: (_v, row) => rulesOf(row),
      format: (v, _t, lang) => ruleText((v as string[] | undefined) ?? [], lang),
      render: (v, lang) => <RuleChips rules={(v as string[] | undefined) ?? []} lang={lang} />,
      filter: { kind: 'enum', path: ['rule'], bare: true },
      width: 260,
    },
    {
      field: 'status',
      header: (t) => t.reviewColStatus,
      kind: 'enum',
      vocabulary: vocabulary(REVIEW_STATUSES, REVIEW_STATUS_LABELS),
      editable: true,
      required: true,
      order: 'STATUS',
      filter: { kind: 'enum', path: ['status'] },
      width: 170,
    },
    { field: 'reasoning', header: (t) => t.reviewColReasoning, kind: 'longText', editable: true, width: 240 },
    textColumn('decidedBy', (t) => t.reviewColDecidedBy, { width: 160 }),
    { field: 'entryCount', header: (t) => t.reviewColEntries, kind: 'int', order: 'ENTRY_COUNT', filter: { kind: 'number', path: ['entryCount'] }, width: 90 },
    {
      field: 'when',
      header: (t) => t.reviewColWhen,
      kind: 'computed',
      compute: (_v, row) => (row.node as LogReviewItemNode | undefined)?.firstOccurredAt ?? null,
      format: (v, _t, lang) => (typeof v === 'string' ? formatLogTime(v, lang) : ''),
      width: 170,
    },
    {
      field: 'patient',
      header: (t) => t.logsColPatient,
      kind: 'computed',
      // The first 12 hex digits tell patients apart on screen; the detail panel has the whole pseudonym.
      compute: (_v, row) => (row.node as LogReviewItemNode | undefined)?.patientPseudonym.slice(0, 12) ?? '',
      width: 140,
    },
    {
      field: 'userHsaId',
      header: (t) => t.logsColUserHsaId,
      kind: 'text',
      order: 'USER_HSA_ID',
      filter: { kind: 'text', path: ['userHsaId'] },
      width: 170,
      hide: true,
    },
    { field: 'finding', header: (t) => t.reviewColFinding, kind: 'longText', editable: true, width: 220 },
    {
      field: 'decidedAt',
      header: (t) => t.reviewColDecidedAt,
      kind: 'computed',
      compute: (_v, row) => (row.node as LogReviewItemNode | undefined)?.decidedAt ?? null,
      format: (v, _t, lang) => (typeof v === 'string' ? formatLogTime(v, lang) : ''),
      width: 170,
      hide: true,
    },
    {
      field: 'caseAction',
      header: (t) => t.reviewColCaseAction,
      kind: 'enum',
      vocabulary: vocabulary(REVIEW_CASE_ACTIONS, REVIEW_CASE_ACTION_LABELS),
      editable: true,
      filter: { kind: 'enum', path: ['caseAction'] },
      width: 200,
    },
    { field: 'caseOutcome', header: (t) => t.reviewColCaseOutcome, kind: 'text', editable: true, width: 180 },
    dateColumn('caseClosedOn', (t) => t.reviewColCaseClosedOn, { width: 140 }),
  ],
  // validateReviewItem, against the finding the server holds: reasoning and who decided with every
  // finding, never back to open, a case only for an unjustified access.
  validate: (v, { row }) => validateReviewItem({ status: String(row.values.status ?? 'open') }, v as unknown as ReviewItemState),
};
