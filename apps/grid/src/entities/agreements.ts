import {
  AGREEMENT_KIND_LABELS,
  AGREEMENT_KINDS,
  AGREEMENT_STATUS_LABELS,
  AGREEMENT_STATUSES,
  agreementEndDate,
  ART_28_ITEMS,
  jointControllershipGaps,
  missingArt28Items,
  PARTY_ROLE_LABELS,
  PARTY_ROLES,
  validateAgreement,
  validateEnum,
  validateJointControllership,
  type Art28Key,
  type JointControllershipGap,
} from '@fvm/domain';
import type { ColumnSpec, EntityConfig, EntityRow, ValidateContext } from '../editing/entity';
import { graphql, type ResultOf } from '../graphql';
import type { Dictionary, Language } from '../i18n';
import { lower, organisationOptions, ownerColumn, procurementOptions, retype, rowBase, RowOutcomeFields, ViolationFields, vocabulary } from './shared';

// Processor agreements and joint controllerships are agreements (one table); each has its own
// connection to read, and all are written through the Agreement mutations.

export const AgreementFields = graphql(`
  fragment AgreementFields on Agreement {
    id
    version
    kind
    title
    reference
    status
    signedOn
    validFrom
    validTo
    endFollowsProcurementTerm
    penalties
    governingBody
    contactPoint
    publicSummary
    subjectMatter
    duration
    nature
    purpose
    dataTypes
    dataSubjectCategories
    controllerRights
    documentedInstructions
    confidentiality
    security
    subProcessorConditions
    dataSubjectRightsAssistance
    complianceAssistance
    deleteOrReturn
    audits
    procurement {
      id
      name
    }
    parties(first: 1) {
      totalCount
    }
    jointControllers: parties(first: 1, filter: { role: { eq: JOINT_CONTROLLER } }) {
      totalCount
    }
    owner {
      id
      name
    }
  }
`);

export const ProcessorAgreementFields = graphql(`
  fragment ProcessorAgreementFields on ProcessorAgreement {
    id
    version
    kind
    title
    reference
    status
    signedOn
    validFrom
    validTo
    endFollowsProcurementTerm
    penalties
    subjectMatter
    duration
    nature
    purpose
    dataTypes
    dataSubjectCategories
    controllerRights
    documentedInstructions
    confidentiality
    security
    subProcessorConditions
    dataSubjectRightsAssistance
    complianceAssistance
    deleteOrReturn
    audits
    procurement {
      id
      name
    }
    parties(first: 1) {
      totalCount
    }
    owner {
      id
      name
    }
  }
`);

export const JointControllershipFields = graphql(`
  fragment JointControllershipFields on JointControllership {
    id
    version
    kind
    title
    reference
    status
    signedOn
    validFrom
    validTo
    endFollowsProcurementTerm
    penalties
    governingBody
    contactPoint
    publicSummary
    gaps
    procurement {
      id
      name
    }
    parties(first: 1) {
      totalCount
    }
    jointControllers: parties(first: 1, filter: { role: { eq: JOINT_CONTROLLER } }) {
      totalCount
    }
    owner {
      id
      name
    }
  }
`);

export const AgreementsQuery = graphql(
  `
    query Agreements($first: Int!, $after: String, $filter: AgreementFilter, $orderBy: [AgreementOrder!]) {
      agreements(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...AgreementFields
        }
      }
    }
  `,
  [AgreementFields],
);

export const ProcessorAgreementsQuery = graphql(
  `
    query ProcessorAgreements($first: Int!, $after: String, $filter: ProcessorAgreementFilter, $orderBy: [ProcessorAgreementOrder!]) {
      processorAgreements(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...ProcessorAgreementFields
        }
      }
    }
  `,
  [ProcessorAgreementFields],
);

export const JointControllershipsQuery = graphql(
  `
    query JointControllerships($first: Int!, $after: String, $filter: JointControllershipFilter, $orderBy: [JointControllershipOrder!]) {
      jointControllerships(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...JointControllershipFields
        }
      }
    }
  `,
  [JointControllershipFields],
);

export const SaveAgreementsMutation = graphql(
  `
    mutation SaveAgreements(
      $create: [AgreementCreateInput!]!
      $update: [AgreementUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createAgreements(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on AgreementSaved {
            node {
              ...AgreementFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateAgreements(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on AgreementSaved {
            node {
              ...AgreementFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on AgreementConflict {
            yourVersion
            current {
              ...AgreementFields
            }
          }
        }
      }
      deleted: deleteAgreements(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on AgreementConflict {
            yourVersion
            current {
              ...AgreementFields
            }
          }
        }
      }
    }
  `,
  [AgreementFields, RowOutcomeFields, ViolationFields],
);

type AgreementNode = ResultOf<typeof AgreementFields>;
type ProcessorNode = ResultOf<typeof ProcessorAgreementFields>;
type JointNode = ResultOf<typeof JointControllershipFields>;
type AnyAgreement = Partial<AgreementNode> & Pick<AgreementNode, 'id' | 'version' | 'owner' | 'kind' | 'title' | 'status'>;

const ART_28_FIELDS = ART_28_ITEMS.map((i) => i.key);

/** Any of the three agreement nodes as a row; `typename` gives the list's IDs to rows the mutations answer with. */
function agreementRow(n: AnyAgreement, typename?: string): EntityRow {
  const id = typename ? retype(n.id, typename) : n.id;
  const art28 = Object.fromEntries(ART_28_FIELDS.map((k) => [k, (n as Record<string, unknown>)[k] ?? null]));
  return {
    ...rowBase(n),
    id,
    values: {
      kind: lower(n.kind),
      title: n.title,
      reference: n.reference ?? null,
      status: lower(n.status),
      signedOn: n.signedOn ?? null,
      validFrom: n.validFrom ?? null,
      validTo: n.validTo ?? null,
      endFollowsProcurementTerm: n.endFollowsProcurementTerm ?? false,
      penalties: n.penalties ?? false,
      procurementId: n.procurement?.id ?? null,
      governingBody: n.governingBody ?? null,
      contactPoint: n.contactPoint ?? null,
      publicSummary: n.publicSummary ?? null,
      ...art28,
    },
    labels: { procurementId: n.procurement?.name ?? '' },
    node: n,
  };
}

const partyCount = (row: EntityRow) => (row.node as { parties?: { totalCount: number } } | undefined)?.parties?.totalCount ?? 0;
const jointControllerCount = (row: EntityRow) => (row.node as { jointControllers?: { totalCount: number } } | undefined)?.jointControllers?.totalCount ?? 0;

/**
 * validateAgreement (and, for a joint controllership, validateJointControllership) on the row's
 * current values. An end date that follows the procurement's term is derived from it unless typed,
 * as the server does before it applies the same rules.
 */
function validate(v: Record<string, unknown>, ctx: ValidateContext) {
  const procurement = ctx.lookups.procurements.find((p) => p.id === v.procurementId);
  const derivedEndDate = procurement ? agreementEndDate(procurement) : null;
  const values = { ...v };
  if (values.endFollowsProcurementTerm && !ctx.edited.has('validTo') && (procurement || ctx.lookups.ready)) values.validTo = derivedEndDate;
  if (values.endFollowsProcurementTerm && !procurement && !ctx.lookups.ready) return [];
  const found = validateAgreement(
    { ...values, endFollowsProcurementTerm: !!values.endFollowsProcurementTerm, penalties: !!values.penalties } as Parameters<typeof validateAgreement>[0],
    { derivedEndDate, isNew: ctx.isNew, previousValidTo: (ctx.row.values.validTo as string | null) ?? null },
  );
  if (values.kind === 'joint_controllership') found.push(...validateJointControllership(values as never, jointControllerCount(ctx.row)));
  return found;
}

const text = (field: string, header: (t: Dictionary) => string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  field,
  header,
  kind: 'text',
  editable: true,
  filter: { kind: 'text', path: [field] },
  ...extra,
});
const date = (field: string, header: (t: Dictionary) => string, order?: string): ColumnSpec => ({
  field,
  header,
  kind: 'date',
  editable: true,
  order,
  filter: { kind: 'date', path: [field] },
  width: 130,
});

const title = text('title', (t) => t.colTitle, { required: true, order: 'TITLE', flex: 2, minWidth: 300, pinned: true });
const kind: ColumnSpec = {
  field: 'kind',
  header: (t) => t.colKind,
  kind: 'enum',
  vocabulary: vocabulary(AGREEMENT_KINDS, AGREEMENT_KIND_LABELS),
  editable: true,
  required: true,
  order: 'KIND',
  filter: { kind: 'enum', path: ['kind'] },
  width: 200,
};
const status: ColumnSpec = {
  field: 'status',
  header: (t) => t.colAgreementStatus,
  kind: 'enum',
  vocabulary: vocabulary(AGREEMENT_STATUSES, AGREEMENT_STATUS_LABELS),
  editable: true,
  required: true,
  order: 'STATUS',
  filter: { kind: 'enum', path: ['status'] },
  width: 150,
};
const reference = text('reference', (t) => t.colReference, { width: 150 });
const signedOn = date('signedOn', (t) => t.colSignedOn, 'SIGNED_ON');
const validFrom = date('validFrom', (t) => t.colValidFrom, 'VALID_FROM');
const validTo = date('validTo', (t) => t.colValidTo, 'VALID_TO');
const endFollows: ColumnSpec = { field: 'endFollowsProcurementTerm', header: (t) => t.colEndFollows, kind: 'boolean', editable: true, filter: { kind: 'boolean', path: ['endFollowsProcurementTerm'] }, width: 130 };
const penalties: ColumnSpec = { field: 'penalties', header: (t) => t.colPenalties, kind: 'boolean', editable: true, filter: { kind: 'boolean', path: ['penalties'] }, width: 100, hide: true };
const procurement: ColumnSpec = { field: 'procurementId', header: (t) => t.colProcurement, kind: 'ref', options: procurementOptions, editable: true, filter: { kind: 'text', path: ['procurement', 'name'] }, width: 200, hide: true };
const parties: ColumnSpec = { field: 'parties', header: (t) => t.colParties, kind: 'computed', compute: (_v, row) => (row.isNew ? null : partyCount(row)), width: 90 };

const agreementCommon = { list: AgreementsQuery, save: SaveAgreementsMutation, describe: (r: EntityRow) => r.ownerName ?? '', search: true, validate } as const;

export const agreements: EntityConfig = {
  ...agreementCommon,
  id: 'agreements',
  title: (t) => t.agreementsTitle,
  intro: (t) => t.agreementsIntro,
  connection: (d: ResultOf<typeof AgreementsQuery>) => d.agreements,
  toRow: (n: AgreementNode) => agreementRow(n),
  newValues: { kind: 'cooperation', status: 'draft', endFollowsProcurementTerm: false, penalties: false },
  columns: [title, kind, status, reference, signedOn, validFrom, validTo, endFollows, penalties, procurement, parties, ownerColumn],
};

const art28Columns: ColumnSpec[] = ART_28_ITEMS.map((item) => ({
  field: item.key,
  // The article's words, cut to three lines of heading; the tooltip has them whole.
  header: (_t: Dictionary, lang: Language) => shorten(capitalise(item[lang]), 46),
  headerTooltip: (_t, lang) => `GDPR art. ${item.article}: ${lang === 'sv' ? item.sv : item.en}`,
  kind: 'boolean' as const,
  editable: true,
  filter: { kind: 'boolean' as const, path: [item.key] },
  width: 168,
  wrapHeader: true,
}));

const missing: ColumnSpec = {
  field: 'missingArt28Items',
  header: (t) => t.colMissingArt28,
  kind: 'computed',
  // The domain's list, on the current (staged) values: ticking an item takes it off at once.
  compute: (v) => missingArt28Items(v as Partial<Record<Art28Key, boolean | null>>),
  format: (value, t, lang) => {
    const keys = (value as Art28Key[] | null) ?? [];
    if (keys.length === 0) return t.missingNone;
    return t.missingCount(keys.length, keys.map((k) => ART_28_ITEMS.find((i) => i.key === k)![lang]).join('; '));
  },
  width: 260,
  pinned: true,
};

export const processorAgreements: EntityConfig = {
  ...agreementCommon,
  list: ProcessorAgreementsQuery,
  id: 'processor-agreements',
  title: (t) => t.processorTitle,
  intro: (t) => t.processorIntro,
  connection: (d: ResultOf<typeof ProcessorAgreementsQuery>) => d.processorAgreements,
  toRow: (n: ProcessorNode | AgreementNode) => agreementRow(n as AnyAgreement, 'ProcessorAgreement'),
  createInput: { kind: 'PROCESSOR' },
  newValues: { kind: 'processor', status: 'draft', endFollowsProcurementTerm: false, penalties: false },
  columns: [{ ...title, flex: undefined, width: 320 }, missing, status, signedOn, validFrom, validTo, ...art28Columns, reference, ownerColumn],
};

const GAP_WORDS: Record<JointControllershipGap, (t: Dictionary) => string> = {
  'joint_controllership.party_missing': (t) => t.gapPartyMissing,
  'joint_controllership.contact_point_missing': (t) => t.gapContactPointMissing,
  'joint_controllership.public_summary_missing': (t) => t.gapPublicSummaryMissing,
};

const gaps: ColumnSpec = {
  field: 'gaps',
  header: (t) => t.colGaps,
  kind: 'computed',
  // The domain's gaps, on the current values and the number of joint controllers.
  compute: (v, row) => jointControllershipGaps({ contactPoint: v.contactPoint as string | null, publicSummary: v.publicSummary as string | null }, row.isNew ? 0 : jointControllerCount(row)),
  format: (value, t) => {
    const list = (value as JointControllershipGap[] | null) ?? [];
    return list.length ? list.map((g) => GAP_WORDS[g](t)).join('; ') : t.noGaps;
  },
  width: 250,
};

export const jointControllerships: EntityConfig = {
  ...agreementCommon,
  list: JointControllershipsQuery,
  id: 'joint-controllerships',
  title: (t) => t.jointTitle,
  intro: (t) => t.jointIntro,
  connection: (d: ResultOf<typeof JointControllershipsQuery>) => d.jointControllerships,
  toRow: (n: JointNode | AgreementNode) => agreementRow(n as AnyAgreement, 'JointControllership'),
  createInput: { kind: 'JOINT_CONTROLLERSHIP' },
  newValues: { kind: 'joint_controllership', status: 'draft', endFollowsProcurementTerm: false, penalties: false },
  columns: [
    { ...title, flex: undefined, width: 340 },
    gaps,
    status,
    text('governingBody', (t) => t.colGoverningBody, { width: 180 }),
    text('contactPoint', (t) => t.colContactPoint, { width: 220 }),
    { field: 'publicSummary', header: (t) => t.colPublicSummary, kind: 'longText', editable: true, width: 300 },
    validFrom,
    validTo,
    parties,
    ownerColumn,
  ],
};

// ---------------------------------------------------------------- Parties (a sub-view of an agreement)

export const AgreementPartyFields = graphql(`
  fragment AgreementPartyFields on AgreementParty {
    id
    version
    role
    organisation {
      id
      name
      kind
    }
    owner {
      id
      name
    }
  }
`);

export const AgreementPartiesQuery = graphql(
  `
    query AgreementParties($first: Int!, $after: String, $filter: AgreementPartyFilter, $orderBy: [AgreementPartyOrder!]) {
      agreementParties(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...AgreementPartyFields
        }
      }
    }
  `,
  [AgreementPartyFields],
);

export const SaveAgreementPartiesMutation = graphql(
  `
    mutation SaveAgreementParties(
      $create: [AgreementPartyCreateInput!]!
      $update: [AgreementPartyUpdateInput!]!
      $delete: [RowDeleteInput!]!
      $withCreate: Boolean!
      $withUpdate: Boolean!
      $withDelete: Boolean!
    ) {
      created: createAgreementParties(input: { rows: $create, allowPartial: true }) @include(if: $withCreate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on AgreementPartySaved {
            node {
              ...AgreementPartyFields
            }
            warnings {
              ...ViolationFields
            }
          }
        }
      }
      updated: updateAgreementParties(input: { rows: $update, allowPartial: true }) @include(if: $withUpdate) {
        results {
          __typename
          ...RowOutcomeFields
          ... on AgreementPartySaved {
            node {
              ...AgreementPartyFields
            }
            warnings {
              ...ViolationFields
            }
          }
          ... on AgreementPartyConflict {
            yourVersion
            current {
              ...AgreementPartyFields
            }
          }
        }
      }
      deleted: deleteAgreementParties(input: { rows: $delete, allowPartial: true }) @include(if: $withDelete) {
        results {
          __typename
          ...RowOutcomeFields
          ... on AgreementPartyConflict {
            yourVersion
            current {
              ...AgreementPartyFields
            }
          }
        }
      }
    }
  `,
  [AgreementPartyFields, RowOutcomeFields, ViolationFields],
);

type PartyNode = ResultOf<typeof AgreementPartyFields>;

export const agreementParties: EntityConfig = {
  id: 'agreement-parties',
  title: (t) => t.colParties,
  intro: () => '',
  list: AgreementPartiesQuery,
  connection: (d: ResultOf<typeof AgreementPartiesQuery>) => d.agreementParties,
  save: SaveAgreementPartiesMutation,
  toRow: (n: PartyNode) => ({
    ...rowBase(n),
    values: { organisationId: n.organisation?.id ?? null, role: lower(n.role) },
    labels: { organisationId: n.organisation?.name ?? '' },
    node: n,
  }),
  newValues: { role: 'party' },
  describe: (r) => r.ownerName ?? '',
  columns: [
    { field: 'organisationId', header: (t) => t.colOrganisation, kind: 'ref', options: (l) => organisationOptions(l), editable: true, required: true, filter: { kind: 'text', path: ['organisation', 'name'] }, flex: 1, minWidth: 260 },
    { field: 'role', header: (t) => t.colRole, kind: 'enum', vocabulary: vocabulary(PARTY_ROLES, PARTY_ROLE_LABELS), editable: true, required: true, order: 'ROLE', filter: { kind: 'enum', path: ['role'] }, width: 260 },
    ownerColumn,
  ],
  validate: (v) => validateEnum(v.role as string | null, PARTY_ROLES, 'role'),
};

function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
