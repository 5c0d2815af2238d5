import {
  RECORD_KIND_LABELS,
  RECORD_KINDS,
  RETENTION_ACTION_LABELS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGER_LABELS,
  RETENTION_TRIGGERS,
  validateDateField,
  validateEnum,
  validateLicence,
  validateRetentionRule,
  type RetentionRuleInput,
} from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import type { Lookups } from '../editing/lookups';
import { graphql, type ResultOf } from '../graphql';
import { categoryOptions, lower, municipalityOptions, organisationOptions, ownerColumn, rowBase, RowOutcomeFields, ViolationFields, vocabulary } from './shared';

// ---------------------------------------------------------------- Licences

export const LicenceFields = graphql(`
  fragment LicenceFields on Licence {
    id
    version
    modules
    validFrom
    validTo
    municipality {
      id
      name
    }
    provider {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const LicencesQuery = graphql(
  `
    query Licences($first: Int!, $after: String, $filter: LicenceFilter, $orderBy: [LicenceOrder!]) {
      licences(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...LicenceFields
        }
      }
    }
  `,
  [LicenceFields],
);

export const SaveLicencesMutation = graphql(
  `
    mutation SaveLicences(
      $create: [LicenceCreateInput!]!
      $update: [LicenceUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createLicences(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on LicenceSaved {
            node {
              ...LicenceFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateLicences(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on LicenceSaved {
            node {
              ...LicenceFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on LicenceConflict {
            yourVersion
            current {
              ...LicenceFields
            }
          }
        }
      }
      deleted: deleteLicences(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on LicenceConflict {
            yourVersion
            current {
              ...LicenceFields
            }
          }
        }
      }
    }
  `,
  [LicenceFields, RowOutcomeFields, ViolationFields],
);

type LicenceNode = ResultOf<typeof LicenceFields>;

export const licences: EntityConfig = {
  id: 'licences',
  title: (t) => t.licencesTitle,
  intro: (t) => t.licencesIntro,
  list: LicencesQuery,
  connection: (d: ResultOf<typeof LicencesQuery>) => d.licences,
  save: SaveLicencesMutation,
  toRow: (n: LicenceNode) => ({
    ...rowBase(n),
    values: { municipalityId: n.municipality?.id ?? null, providerId: n.provider?.id ?? null, modules: n.modules, validFrom: n.validFrom, validTo: n.validTo },
    labels: { municipalityId: n.municipality?.name ?? '', providerId: n.provider?.name ?? '' },
    node: n,
  }),
  describe: (r) => r.labels.municipalityId ?? '',
  columns: [
    { field: 'municipalityId', header: (t) => t.colMunicipality, kind: 'ref', options: municipalityOptions, editable: true, filter: { kind: 'text', path: ['municipality', 'name'] }, width: 160 },
    {
      field: 'providerId',
      header: (t) => t.colProvider,
      kind: 'ref',
      options: (l) => organisationOptions(l, ['private_care_provider', 'independent_school']),
      editable: true,
      filter: { kind: 'text', path: ['provider', 'name'] },
      flex: 1.4,
      minWidth: 220,
    },
    { field: 'modules', header: (t) => t.colModules, kind: 'text', editable: true, filter: { kind: 'text', path: ['modules'] }, flex: 1, minWidth: 190 },
    { field: 'validFrom', header: (t) => t.colValidFrom, kind: 'date', editable: true, order: 'VALID_FROM', filter: { kind: 'date', path: ['validFrom'] }, width: 132 },
    { field: 'validTo', header: (t) => t.colValidTo, kind: 'date', editable: true, order: 'VALID_TO', filter: { kind: 'date', path: ['validTo'] }, width: 132 },
  ],
  // validateLicence: a municipality grants it, to a private care provider that is not its own principal.
  validate: (v, { lookups }) => {
    const m = v.municipalityId as string | null;
    const p = v.providerId as string | null;
    // An id the lists do not know (typed text that named nothing) is the grid's finding, not the rule's.
    const municipality = m === null ? null : lookups.ready && !lookups.municipalities.some((x) => x.id === m) ? (orgFacts(lookups, m) ?? { kind: 'municipality' }) : { kind: 'municipality' };
    const provider = p === null ? null : (orgFacts(lookups, p) ?? { kind: 'private_care_provider', ownPrincipal: false });
    return validateLicence({ validFrom: v.validFrom as string | null, validTo: v.validTo as string | null, modules: v.modules as string | null }, municipality, provider);
  },
};

function orgFacts(lookups: Lookups, id: string): { kind: string; ownPrincipal: boolean } | null {
  const o = lookups.organisations.find((x) => x.id === id);
  return o ? { kind: o.kind.toLowerCase(), ownPrincipal: o.ownPrincipal } : null;
}

// ---------------------------------------------------------------- Retention rules

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

export const SaveRetentionRulesMutation = graphql(
  `
    mutation SaveRetentionRules(
      $create: [RetentionRuleCreateInput!]!
      $update: [RetentionRuleUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createRetentionRules(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on RetentionRuleSaved {
            node {
              ...RetentionRuleFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateRetentionRules(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on RetentionRuleSaved {
            node {
              ...RetentionRuleFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on RetentionRuleConflict {
            yourVersion
            current {
              ...RetentionRuleFields
            }
          }
        }
      }
      deleted: deleteRetentionRules(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on RetentionRuleConflict {
            yourVersion
            current {
              ...RetentionRuleFields
            }
          }
        }
      }
    }
  `,
  [RetentionRuleFields, RowOutcomeFields, ViolationFields],
);

type RetentionRuleNode = ResultOf<typeof RetentionRuleFields>;

export const retentionRules: EntityConfig = {
  id: 'retention-rules',
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
    { field: 'categoryId', header: (t) => t.colCategory, kind: 'ref', options: categoryOptions, editable: true, filter: { kind: 'text', path: ['category', 'name'] }, width: 200 },
    { field: 'action', header: (t) => t.colAction, kind: 'enum', vocabulary: vocabulary(RETENTION_ACTIONS, RETENTION_ACTION_LABELS), editable: true, required: true, order: 'ACTION', filter: { kind: 'enum', path: ['action'] }, width: 110 },
    { field: 'years', header: (t) => t.colYears, kind: 'int', editable: true, order: 'YEARS', filter: { kind: 'number', path: ['years'] }, width: 90 },
    { field: 'trigger', header: (t) => t.colTrigger, kind: 'enum', vocabulary: vocabulary(RETENTION_TRIGGERS, RETENTION_TRIGGER_LABELS), editable: true, required: true, filter: { kind: 'enum', path: ['trigger'] }, width: 160 },
    { field: 'legalBasis', header: (t) => t.colLegalBasis, kind: 'text', editable: true, filter: { kind: 'text', path: ['legalBasis'] }, width: 230 },
    { field: 'purgeDecisionBody', header: (t) => t.colPurgeBody, kind: 'text', editable: true, filter: { kind: 'text', path: ['purgeDecisionBody'] }, width: 170 },
    { field: 'purgeDecisionReference', header: (t) => t.colPurgeReference, kind: 'text', editable: true, filter: { kind: 'text', path: ['purgeDecisionReference'] }, width: 150 },
    { field: 'purgeDecisionOn', header: (t) => t.colPurgeOn, kind: 'date', editable: true, filter: { kind: 'date', path: ['purgeDecisionOn'] }, width: 140 },
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

// ---------------------------------------------------------------- Information categories

export const InformationCategoryFields = graphql(`
  fragment InformationCategoryFields on InformationCategory {
    id
    version
    code
    name
    nameEn
    recordKind
    harmAssessmentRequired
    option {
      id
      number
      name
    }
    owner {
      id
      name
    }
  }
`);

export const InformationCategoriesQuery = graphql(
  `
    query InformationCategories($first: Int!, $after: String, $filter: InformationCategoryFilter, $orderBy: [InformationCategoryOrder!]) {
      informationCategories(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...InformationCategoryFields
        }
      }
    }
  `,
  [InformationCategoryFields],
);

export const SaveInformationCategoriesMutation = graphql(
  `
    mutation SaveInformationCategories(
      $create: [InformationCategoryCreateInput!]!
      $update: [InformationCategoryUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createInformationCategories(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on InformationCategorySaved {
            node {
              ...InformationCategoryFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateInformationCategories(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on InformationCategorySaved {
            node {
              ...InformationCategoryFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on InformationCategoryConflict {
            yourVersion
            current {
              ...InformationCategoryFields
            }
          }
        }
      }
      deleted: deleteInformationCategories(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on InformationCategoryConflict {
            yourVersion
            current {
              ...InformationCategoryFields
            }
          }
        }
      }
    }
  `,
  [InformationCategoryFields, RowOutcomeFields, ViolationFields],
);

type CategoryNode = ResultOf<typeof InformationCategoryFields>;

export const informationCategories: EntityConfig = {
  id: 'information-categories',
  title: (t) => t.categoriesTitle,
  intro: (t) => t.categoriesIntro,
  list: InformationCategoriesQuery,
  connection: (d: ResultOf<typeof InformationCategoriesQuery>) => d.informationCategories,
  save: SaveInformationCategoriesMutation,
  search: true,
  toRow: (n: CategoryNode) => ({
    ...rowBase(n),
    values: { code: n.code, name: n.name, nameEn: n.nameEn, recordKind: lower(n.recordKind), harmAssessmentRequired: n.harmAssessmentRequired, optionId: n.option?.id ?? null },
    labels: { optionId: n.option ? `${n.option.number} · ${n.option.name}` : '' },
    node: n,
  }),
  newValues: { recordKind: 'other', harmAssessmentRequired: false },
  describe: (r) => String(r.values.name ?? ''),
  columns: [
    { field: 'code', header: (t) => t.colCode2, kind: 'text', editable: true, required: true, order: 'CODE', filter: { kind: 'text', path: ['code'] }, width: 190 },
    { field: 'name', header: (t) => t.colNameSv, kind: 'text', editable: true, required: true, order: 'NAME', filter: { kind: 'text', path: ['name'] }, flex: 1, minWidth: 200 },
    { field: 'nameEn', header: (t) => t.colNameEn, kind: 'text', editable: true, required: true, filter: { kind: 'text', path: ['nameEn'] }, flex: 1, minWidth: 180 },
    { field: 'recordKind', header: (t) => t.colRecordKind, kind: 'enum', vocabulary: vocabulary(RECORD_KINDS, RECORD_KIND_LABELS), editable: true, required: true, order: 'RECORD_KIND', filter: { kind: 'enum', path: ['recordKind'] }, width: 150 },
    { field: 'harmAssessmentRequired', header: (t) => t.colHarm, kind: 'boolean', editable: true, filter: { kind: 'boolean', path: ['harmAssessmentRequired'] }, width: 130 },
    {
      field: 'optionId',
      header: (t) => t.colOption,
      kind: 'ref',
      options: (l) => l.options.map((o) => ({ id: o.id, label: `${o.number} · ${o.name}` })),
      editable: true,
      filter: { kind: 'number', path: ['option', 'number'] },
      width: 230,
    },
    ownerColumn,
  ],
  validate: (v) => validateEnum(v.recordKind as string | null, RECORD_KINDS, 'recordKind'),
};

// ---------------------------------------------------------------- Information assets

export const InformationAssetFields = graphql(`
  fragment InformationAssetFields on InformationAsset {
    id
    version
    description
    category {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const InformationAssetsQuery = graphql(
  `
    query InformationAssets($first: Int!, $after: String, $filter: InformationAssetFilter, $orderBy: [InformationAssetOrder!]) {
      informationAssets(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...InformationAssetFields
        }
      }
    }
  `,
  [InformationAssetFields],
);

export const SaveInformationAssetsMutation = graphql(
  `
    mutation SaveInformationAssets(
      $create: [InformationAssetCreateInput!]!
      $update: [InformationAssetUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createInformationAssets(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on InformationAssetSaved {
            node {
              ...InformationAssetFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateInformationAssets(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on InformationAssetSaved {
            node {
              ...InformationAssetFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on InformationAssetConflict {
            yourVersion
            current {
              ...InformationAssetFields
            }
          }
        }
      }
      deleted: deleteInformationAssets(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on InformationAssetConflict {
            yourVersion
            current {
              ...InformationAssetFields
            }
          }
        }
      }
    }
  `,
  [InformationAssetFields, RowOutcomeFields, ViolationFields],
);

type AssetNode = ResultOf<typeof InformationAssetFields>;

export const informationAssets: EntityConfig = {
  id: 'information-assets',
  title: (t) => t.assetsTitle,
  intro: (t) => t.assetsIntro,
  list: InformationAssetsQuery,
  connection: (d: ResultOf<typeof InformationAssetsQuery>) => d.informationAssets,
  save: SaveInformationAssetsMutation,
  toRow: (n: AssetNode) => ({
    ...rowBase(n),
    values: { categoryId: n.category?.id ?? null, description: n.description },
    labels: { categoryId: n.category?.name ?? '' },
    node: n,
  }),
  describe: (r) => r.ownerName ?? '',
  columns: [
    { field: 'categoryId', header: (t) => t.colCategory, kind: 'ref', options: categoryOptions, editable: true, required: true, filter: { kind: 'text', path: ['category', 'name'] }, width: 240 },
    { field: 'description', header: (t) => t.colDescription, kind: 'longText', editable: true, flex: 2, minWidth: 320 },
    ownerColumn,
  ],
};

// ---------------------------------------------------------------- Roll-out stages

export const RolloutStageFields = graphql(`
  fragment RolloutStageFields on RolloutStage {
    id
    version
    number
    area
    plannedGoLive
    actualGoLive
    members(first: 1) {
      totalCount
    }
    owner {
      id
      name
    }
  }
`);

export const RolloutStagesQuery = graphql(
  `
    query RolloutStages($first: Int!, $after: String, $filter: RolloutStageFilter, $orderBy: [RolloutStageOrder!]) {
      rolloutStages(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...RolloutStageFields
        }
      }
    }
  `,
  [RolloutStageFields],
);

export const SaveRolloutStagesMutation = graphql(
  `
    mutation SaveRolloutStages(
      $create: [RolloutStageCreateInput!]!
      $update: [RolloutStageUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createRolloutStages(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on RolloutStageSaved {
            node {
              ...RolloutStageFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateRolloutStages(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on RolloutStageSaved {
            node {
              ...RolloutStageFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on RolloutStageConflict {
            yourVersion
            current {
              ...RolloutStageFields
            }
          }
        }
      }
      deleted: deleteRolloutStages(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on RolloutStageConflict {
            yourVersion
            current {
              ...RolloutStageFields
            }
          }
        }
      }
    }
  `,
  [RolloutStageFields, RowOutcomeFields, ViolationFields],
);

type StageNode = ResultOf<typeof RolloutStageFields>;

export const rolloutStages: EntityConfig = {
  id: 'rollout-stages',
  title: (t) => t.stagesTitle,
  intro: (t) => t.stagesIntro,
  list: RolloutStagesQuery,
  connection: (d: ResultOf<typeof RolloutStagesQuery>) => d.rolloutStages,
  save: SaveRolloutStagesMutation,
  search: true,
  toRow: (n: StageNode) => ({
    ...rowBase(n),
    values: { number: n.number, area: n.area, plannedGoLive: n.plannedGoLive, actualGoLive: n.actualGoLive },
    labels: {},
    node: n,
  }),
  describe: (r) => String(r.values.area ?? ''),
  columns: [
    { field: 'number', header: (t) => t.colStageNumber, kind: 'int', editable: true, required: true, order: 'NUMBER', filter: { kind: 'number', path: ['number'] }, width: 100 },
    { field: 'area', header: (t) => t.colArea, kind: 'text', editable: true, required: true, order: 'AREA', filter: { kind: 'text', path: ['area'] }, flex: 1, minWidth: 280 },
    { field: 'plannedGoLive', header: (t) => t.colPlannedGoLive, kind: 'date', editable: true, order: 'PLANNED_GO_LIVE', filter: { kind: 'date', path: ['plannedGoLive'] }, width: 160 },
    { field: 'actualGoLive', header: (t) => t.colActualGoLive, kind: 'date', editable: true, order: 'ACTUAL_GO_LIVE', filter: { kind: 'date', path: ['actualGoLive'] }, width: 160 },
    { field: 'members', header: (t) => t.colMembers, kind: 'computed', compute: (_v, row) => (row.node as StageNode | undefined)?.members.totalCount ?? 0, width: 120 },
    ownerColumn,
  ],
  // The rules the server applies to a stage: its dates are real dates (validateDateField).
  validate: (v) => [
    ...validateDateField(v.plannedGoLive as string | null, 'plannedGoLive', { en: 'planned go-live', sv: 'planerad driftstart' }),
    ...validateDateField(v.actualGoLive as string | null, 'actualGoLive', { en: 'actual go-live', sv: 'faktisk driftstart' }),
  ],
};
