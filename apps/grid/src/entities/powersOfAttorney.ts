import { validatePowerOfAttorney } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { municipalityOptions, organisationOptions, ownerColumn, rowBase } from './shared';

export const PowerOfAttorneyFields = graphql(`
  fragment PowerOfAttorneyFields on PowerOfAttorney {
    id
    version
    scope
    grantedOn
    validFrom
    validTo
    municipality {
      id
      name
    }
    grantedTo {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const PowersOfAttorneyQuery = graphql(
  `
    query PowersOfAttorney($first: Int!, $after: String, $filter: PowerOfAttorneyFilter, $orderBy: [PowerOfAttorneyOrder!]) {
      powersOfAttorney(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...PowerOfAttorneyFields
        }
      }
    }
  `,
  [PowerOfAttorneyFields],
);

export const SavePowersOfAttorneyMutation = saveDocument('PowersOfAttorney', PowerOfAttorneyFields);

type PowerNode = ResultOf<typeof PowerOfAttorneyFields>;

export const powersOfAttorney: EntityConfig = {
  id: 'powers-of-attorney',
  title: (t) => t.powersTitle,
  intro: (t) => t.powersIntro,
  list: PowersOfAttorneyQuery,
  connection: (d: ResultOf<typeof PowersOfAttorneyQuery>) => d.powersOfAttorney,
  save: SavePowersOfAttorneyMutation,
  toRow: (n: PowerNode) => ({
    ...rowBase(n),
    values: {
      municipalityId: n.municipality?.id ?? null,
      grantedToId: n.grantedTo?.id ?? null,
      scope: n.scope,
      grantedOn: n.grantedOn,
      validFrom: n.validFrom,
      validTo: n.validTo,
    },
    labels: { municipalityId: n.municipality?.name ?? '', grantedToId: n.grantedTo?.name ?? '' },
    node: n,
  }),
  describe: (r) => `${r.labels.municipalityId ?? ''} → ${r.labels.grantedToId ?? ''}`,
  columns: [
    {
      field: 'municipalityId',
      header: (t) => t.colMunicipality,
      kind: 'ref',
      options: municipalityOptions,
      editable: true,
      required: true,
      filter: { kind: 'text', path: ['municipality', 'name'] },
      width: 170,
    },
    {
      field: 'grantedToId',
      header: (t) => t.colGrantedTo,
      kind: 'ref',
      options: (l) => organisationOptions(l),
      editable: true,
      required: true,
      filter: { kind: 'text', path: ['grantedTo', 'name'] },
      width: 220,
    },
    {
      field: 'scope',
      header: (t) => t.colScope,
      kind: 'text',
      editable: true,
      required: true,
      filter: { kind: 'text', path: ['scope'] },
      flex: 1,
      minWidth: 220,
    },
    {
      field: 'grantedOn',
      header: (t) => t.colGrantedOn,
      kind: 'date',
      editable: true,
      order: 'GRANTED_ON',
      filter: { kind: 'date', path: ['grantedOn'] },
      width: 132,
    },
    {
      field: 'validFrom',
      header: (t) => t.colValidFrom,
      kind: 'date',
      editable: true,
      order: 'VALID_FROM',
      filter: { kind: 'date', path: ['validFrom'] },
      width: 132,
    },
    { field: 'validTo', header: (t) => t.colValidTo, kind: 'date', editable: true, order: 'VALID_TO', filter: { kind: 'date', path: ['validTo'] }, width: 132 },
    ownerColumn,
  ],
  validate: (v) =>
    validatePowerOfAttorney({ grantedOn: v.grantedOn as string | null, validFrom: v.validFrom as string | null, validTo: v.validTo as string | null }),
};
