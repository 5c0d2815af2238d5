import {
  RETENTION_ACTION_LABELS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGER_LABELS,
  RETENTION_TRIGGERS,
  validateRetentionRule,
  type RetentionRuleInput,
} from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { categoryColumn, dateColumn, intColumn, lower, ownerColumn, rowBase, textColumn, vocabulary } from './shared';

export const RetentionRuleFields = graphql(`
  fragment RetentionRuleFields on RetentionRule {
    id
    version
    action
    years
    trigger
    legalBasis
    purgeDecisionBody
    purgeDecisionReference
    purgeDecisionOn
    category {
      id
      name
      recordKind
    }
    owner {
      id
      name
    }
  }
`);

export const RetentionRulesQuery = graphql(
  `
    query RetentionRules($first: Int!, $after: String, $filter: RetentionRuleFilter, $orderBy: [RetentionRuleOrder!]) {
      retentionRules(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...RetentionRuleFields
        }
      }
    }
  `,
  [RetentionRuleFields],
);

export const SaveRetentionRulesMutation = saveDocument('RetentionRules', RetentionRuleFields);

type RetentionRuleNode = ResultOf<typeof RetentionRuleFields>;

export const retentionRules: EntityConfig = {
  id: 'retention-rules',
  typename: 'RetentionRule',
  title: (t) => t.retentionTitle,
  intro: (t) => t.retentionIntro,
  list: RetentionRulesQuery,
  connection: (d: ResultOf<typeof RetentionRulesQuery>) => d.retentionRules,
  save: SaveRetentionRulesMutation,
  toRow: (n: RetentionRuleNode) => ({
    ...rowBase(n),
    values: {
      categoryId: n.category?.id ?? null,
      action: lower(n.action),
      years: n.years,
      trigger: lower(n.trigger),
      legalBasis: n.legalBasis,
      purgeDecisionBody: n.purgeDecisionBody,
      purgeDecisionReference: n.purgeDecisionReference,
      purgeDecisionOn: n.purgeDecisionOn,
    },
    labels: { categoryId: n.category?.name ?? '' },
    node: n,
  }),
  newValues: { action: 'preserve', trigger: 'last_entry' },
  describe: (r) => r.ownerName ?? '',
  columns: [
    categoryColumn({ width: 200 }),
    {
      field: 'action',
      header: (t) => t.colAction,
      kind: 'enum',
      vocabulary: vocabulary(RETENTION_ACTIONS, RETENTION_ACTION_LABELS),
      editable: true,
      required: true,
      order: 'ACTION',
      filter: { kind: 'enum', path: ['action'] },
      width: 110,
    },
    intColumn('years', (t) => t.colYears, { order: 'YEARS', width: 90 }),
    {
      field: 'trigger',
      header: (t) => t.colTrigger,
      kind: 'enum',
      vocabulary: vocabulary(RETENTION_TRIGGERS, RETENTION_TRIGGER_LABELS),
      editable: true,
      required: true,
      filter: { kind: 'enum', path: ['trigger'] },
      width: 160,
    },
    textColumn('legalBasis', (t) => t.colLegalBasis, { width: 230 }),
    textColumn('purgeDecisionBody', (t) => t.colPurgeBody, { width: 170 }),
    textColumn('purgeDecisionReference', (t) => t.colPurgeReference, { width: 150 }),
    dateColumn('purgeDecisionOn', (t) => t.colPurgeOn, { width: 140 }),
    ownerColumn,
  ],
  // validateRetentionRule: a purge needs the owner's decision, and records their legal minimum.
  validate: (v, { lookups, row }) => {
    const categoryId = v.categoryId as string | null;
    const fromLookup = lookups.categories.find((c) => c.id === categoryId);
    const node = row.node as RetentionRuleNode | undefined;
    const recordKind = fromLookup?.recordKind ?? (node?.category?.id === categoryId ? node?.category?.recordKind : undefined);
    const category = categoryId === null ? null : { recordKind: recordKind ? recordKind.toLowerCase() : 'other' };
    return validateRetentionRule(v as unknown as RetentionRuleInput, category);
  },
};
