import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, validateOrganisation } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { booleanColumn, lower, municipalityOptions, nameColumn, organisationOptions, ownerColumn, refColumn, rowBase, textColumn, vocabulary } from './shared';

export const OrganisationFields = graphql(`
  fragment OrganisationFields on Organisation {
    id
    version
    kind
    name
    organisationNumber
    hsaId
    ownPrincipal
    association {
      id
      name
    }
    licensingMunicipality {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const OrganisationsQuery = graphql(
  `
    query Organisations($first: Int!, $after: String, $filter: OrganisationFilter, $orderBy: [OrganisationOrder!]) {
      organisations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...OrganisationFields
        }
      }
    }
  `,
  [OrganisationFields],
);

export const SaveOrganisationsMutation = saveDocument('Organisations', OrganisationFields);

type OrganisationNode = ResultOf<typeof OrganisationFields>;

/** Every kind but the municipality: municipalities have their own view (and their code). */
const OTHER_KINDS = ORGANISATION_KINDS.filter((k) => k !== 'municipality');

/** The view's rows: organisations that are not municipalities, as the API filters them. */
export const NON_MUNICIPAL = { kind: { ne: 'MUNICIPALITY' } } as const;

export const nonMunicipalOrganisations: EntityConfig = {
  id: 'organisations',
  title: (t) => t.organisationsTitle,
  intro: (t) => t.organisationsIntro,
  list: OrganisationsQuery,
  connection: (d: ResultOf<typeof OrganisationsQuery>) => d.organisations,
  save: SaveOrganisationsMutation,
  search: true,
  toRow: (n: OrganisationNode) => ({
    ...rowBase(n),
    values: {
      kind: lower(n.kind),
      name: n.name,
      organisationNumber: n.organisationNumber,
      hsaId: n.hsaId,
      ownPrincipal: n.ownPrincipal,
      associationId: n.association?.id ?? null,
      licensingMunicipalityId: n.licensingMunicipality?.id ?? null,
    },
    labels: { associationId: n.association?.name ?? '', licensingMunicipalityId: n.licensingMunicipality?.name ?? '' },
    node: n,
  }),
  newValues: { kind: 'private_care_provider', ownPrincipal: false },
  describe: (r) => String(r.values.name ?? ''),
  columns: [
    nameColumn({ minWidth: 240, pinned: true }),
    {
      field: 'kind',
      header: (t) => t.colOrgKind,
      kind: 'enum',
      vocabulary: vocabulary(OTHER_KINDS, ORGANISATION_KIND_LABELS),
      editable: true,
      required: true,
      order: 'KIND',
      filter: { kind: 'enum', path: ['kind'] },
      width: 200,
    },
    textColumn('organisationNumber', (t) => t.colOrgNumber, { order: 'ORGANISATION_NUMBER', width: 170 }),
    textColumn('hsaId', (t) => t.colHsaId, { width: 210 }),
    booleanColumn('ownPrincipal', (t) => t.colOwnPrincipal, { width: 120 }),
    refColumn(
      'associationId',
      (t) => t.colParentAssociation,
      (l) => organisationOptions(l, ['municipal_association']),
      'association',
      { width: 200 },
    ),
    refColumn('licensingMunicipalityId', (t) => t.colLicensingMunicipality, municipalityOptions, 'licensingMunicipality', { width: 180, wrapHeader: true }),
    ownerColumn,
  ],
  // validateOrganisation asks of the references only whether one is given.
  validate: (v) =>
    validateOrganisation({
      kind: (v.kind as string | null) ?? '',
      name: (v.name as string | null) ?? '',
      organisationNumber: (v.organisationNumber as string | null) ?? null,
      hsaId: (v.hsaId as string | null) ?? null,
      ownPrincipal: v.ownPrincipal === true,
      municipalityCode: null,
      associationId: (v.associationId as string | null) ?? null,
      licensingMunicipalityId: (v.licensingMunicipalityId as string | null) ?? null,
    }),
};
