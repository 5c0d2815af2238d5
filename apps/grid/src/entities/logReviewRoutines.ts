import { LOG_REVIEW_RULE_DESCRIPTIONS, LOG_REVIEW_RULE_LABELS, validateReviewRoutine, type OptionalLogReviewRule, type ReviewRoutineInput } from '@fvm/domain';
import { saveDocument } from '../editing/saveDocument';
import type { ColumnSpec, EntityConfig } from '../editing/entity';
import { graphql, type ResultOf } from '../graphql';
import { ownerColumn, rowBase, textColumn } from './shared';

export const LogReviewRoutineFields = graphql(`
  fragment LogReviewRoutineFields on LogReviewRoutine {
    id
    version
    name
    intervalDays
    sampleSize
    reviewer
    emergencyReviewDays
    usualHoursStart
    usualHoursEnd
    volumeFactor
    volumeMinimum
    ruleNoCareRelationship
    ruleOtherCareProvider
    ruleOutsideUsualHours
    ruleUnusualVolume
    ruleRarePair
    ruleOutputAction
    ruleActionNotPermitted
    ruleDisclosureWithoutAssessment
    owner {
      id
      name
    }
  }
`);

export const LogReviewRoutinesQuery = graphql(
  `
    query LogReviewRoutines($first: Int!, $after: String, $filter: LogReviewRoutineFilter, $orderBy: [LogReviewRoutineOrder!]) {
      logReviewRoutines(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...LogReviewRoutineFields
        }
      }
    }
  `,
  [LogReviewRoutineFields],
);

export const SaveLogReviewRoutinesMutation = saveDocument('LogReviewRoutines', LogReviewRoutineFields);

type RoutineNode = ResultOf<typeof LogReviewRoutineFields>;

/** The routine's rule switches, each a yes/no column named by the domain's label for its rule. */
const SWITCHES: readonly [string, OptionalLogReviewRule][] = [
  ['ruleNoCareRelationship', 'no_care_relationship'],
  ['ruleOtherCareProvider', 'other_care_provider'],
  ['ruleOutsideUsualHours', 'outside_usual_hours'],
  ['ruleUnusualVolume', 'unusual_volume'],
  ['ruleRarePair', 'rare_pair'],
  ['ruleOutputAction', 'output_action'],
  ['ruleActionNotPermitted', 'action_not_permitted'],
  ['ruleDisclosureWithoutAssessment', 'disclosure_without_assessment'],
];

const NUMBERS = ['intervalDays', 'sampleSize', 'emergencyReviewDays', 'usualHoursStart', 'usualHoursEnd', 'volumeFactor', 'volumeMinimum'] as const;

const int = (field: (typeof NUMBERS)[number], width: number): ColumnSpec => ({
  field,
  header: (t) => t.reviewRoutineCols[field],
  kind: 'int',
  editable: true,
  required: true,
  filter: { kind: 'number', path: [field] },
  width,
  wrapHeader: true,
});

export const logReviewRoutines: EntityConfig = {
  id: 'log-review-routines',
  title: (t) => t.reviewRoutinesTitle,
  intro: (t) => t.reviewRoutinesIntro,
  list: LogReviewRoutinesQuery,
  connection: (d: ResultOf<typeof LogReviewRoutinesQuery>) => d.logReviewRoutines,
  save: SaveLogReviewRoutinesMutation,
  toRow: (n: RoutineNode) => ({
    ...rowBase(n),
    values: {
      name: n.name,
      reviewer: n.reviewer,
      ...Object.fromEntries(NUMBERS.map((f) => [f, n[f]])),
      ...Object.fromEntries(SWITCHES.map(([f]) => [f, n[f as keyof RoutineNode]])),
    },
    labels: {},
    node: n,
  }),
  // The server's defaults: a quarterly review of every rule, a sample of 20.
  newValues: {
    intervalDays: 90,
    sampleSize: 20,
    emergencyReviewDays: 14,
    usualHoursStart: 7,
    usualHoursEnd: 18,
    volumeFactor: 3,
    volumeMinimum: 30,
    ...Object.fromEntries(SWITCHES.map(([f]) => [f, true])),
  },
  search: true,
  describe: (r) => String(r.values.name ?? ''),
  columns: [
    textColumn('name', (t) => t.reviewRoutineCols.name, { required: true, order: 'NAME', width: 220, pinned: true }),
    { ...int('intervalDays', 100), order: 'INTERVAL_DAYS' },
    int('sampleSize', 100),
    textColumn('reviewer', (t) => t.reviewRoutineCols.reviewer, { width: 170 }),
    int('emergencyReviewDays', 110),
    int('usualHoursStart', 100),
    int('usualHoursEnd', 100),
    int('volumeFactor', 100),
    int('volumeMinimum', 100),
    ...SWITCHES.map(([field, rule]): ColumnSpec => ({
      field,
      header: (_t, lang) => LOG_REVIEW_RULE_LABELS[rule][lang],
      headerTooltip: (_t, lang) => `${LOG_REVIEW_RULE_LABELS[rule][lang]}: ${LOG_REVIEW_RULE_DESCRIPTIONS[rule][lang]}`,
      kind: 'boolean',
      editable: true,
      filter: { kind: 'boolean', path: [field] },
      width: 130,
      wrapHeader: true,
    })),
    ownerColumn,
  ],
  // validateReviewRoutine: the numbers in their bounds, usual hours that end after they start, a name.
  validate: (v) => validateReviewRoutine(v as ReviewRoutineInput),
};
