import { PARTY_ROLE_LABELS, PARTY_ROLES, validateEnum } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { lower, organisationOptions, ownerColumn, refColumn, rowBase, vocabulary } from './shared';

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

export const SaveAgreementPartiesMutation = saveDocument('AgreementParties', AgreementPartyFields);

type PartyNode = ResultOf<typeof AgreementPartyFields>;

// Shown beneath an agreement grid, filtered to the focused agreement, so it needs no intro of its own.
export const agreementParties: EntityConfig = {
  id: 'agreement-parties',
  typename: 'AgreementParty',
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
    refColumn(
      'organisationId',
      (t) => t.colOrganisation,
      (l) => organisationOptions(l),
      'organisation',
      { required: true, flex: 1, minWidth: 260 },
    ),
    {
      field: 'role',
      header: (t) => t.colRole,
      kind: 'enum',
      vocabulary: vocabulary(PARTY_ROLES, PARTY_ROLE_LABELS),
      editable: true,
      required: true,
      order: 'ROLE',
      filter: { kind: 'enum', path: ['role'] },
      width: 260,
    },
    ownerColumn,
  ],
  validate: (v) => validateEnum(v.role as string | null, PARTY_ROLES, 'role'),
};
