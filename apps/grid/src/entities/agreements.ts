import { AGREEMENT_KIND_LABELS, AGREEMENT_KINDS, agreementEndDate, ART_28_ITEMS, validateAgreement, validateJointControllership } from '@fvm/domain';
import { saveDocument } from '../editing/saveDocument';
import type { ColumnSpec, EntityConfig, EntityRow, ValidateContext } from '../editing/entity';
import { graphql, type ResultOf } from '../graphql';
import { jointControllerCount, parties, reference, signedOn, status, title, validFrom, validTo } from './agreementColumns';
import { lower, ownerColumn, procurementOptions, retype, rowBase, vocabulary } from './shared';

// Processor agreements and joint controllerships are agreements (one table); each has its own
// connection to read, and all are written through the Agreement mutations, so their grids reuse
// this file's mutation, row and rules.

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

export const SaveAgreementsMutation = saveDocument('Agreements', AgreementFields);

export type AgreementNode = ResultOf<typeof AgreementFields>;
export type AnyAgreement = Partial<AgreementNode> & Pick<AgreementNode, 'id' | 'version' | 'owner' | 'kind' | 'title' | 'status'>;

const ART_28_FIELDS = ART_28_ITEMS.map((i) => i.key);

/** Any of the three agreement nodes as a row; `typename` gives the list's IDs to rows the mutations answer with. */
export function agreementRow(n: AnyAgreement, typename?: string): EntityRow {
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
const endFollows: ColumnSpec = {
  field: 'endFollowsProcurementTerm',
  header: (t) => t.colEndFollows,
  kind: 'boolean',
  editable: true,
  filter: { kind: 'boolean', path: ['endFollowsProcurementTerm'] },
  width: 130,
};
const penalties: ColumnSpec = {
  field: 'penalties',
  header: (t) => t.colPenalties,
  kind: 'boolean',
  editable: true,
  filter: { kind: 'boolean', path: ['penalties'] },
  width: 100,
  hide: true,
};
const procurement: ColumnSpec = {
  field: 'procurementId',
  header: (t) => t.colProcurement,
  kind: 'ref',
  options: procurementOptions,
  editable: true,
  filter: { kind: 'text', path: ['procurement', 'name'] },
  width: 200,
  hide: true,
};

export const agreementCommon = {
  list: AgreementsQuery,
  save: SaveAgreementsMutation,
  describe: (r: EntityRow) => r.ownerName ?? '',
  search: true,
  validate,
} as const;

export const agreements: EntityConfig = {
  ...agreementCommon,
  id: 'agreements',
  typename: 'Agreement',
  title: (t) => t.agreementsTitle,
  intro: (t) => t.agreementsIntro,
  connection: (d: ResultOf<typeof AgreementsQuery>) => d.agreements,
  toRow: (n: AgreementNode) => agreementRow(n),
  newValues: { kind: 'cooperation', status: 'draft', endFollowsProcurementTerm: false, penalties: false },
  columns: [title, kind, status, reference, signedOn, validFrom, validTo, endFollows, penalties, procurement, parties, ownerColumn],
};
