import { validatePowerOfAttorney } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { dateColumn, municipalityColumn, organisationOptions, ownerColumn, refColumn, rowBase, textColumn, validityColumns } from './shared';

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
    municipalityColumn({ required: true, width: 170 }),
    refColumn(
      'grantedToId',
      (t) => t.colGrantedTo,
      (l) => organisationOptions(l),
      'grantedTo',
      { required: true, width: 220 },
    ),
    textColumn('scope', (t) => t.colScope, { required: true, flex: 1, minWidth: 220 }),
    dateColumn('grantedOn', (t) => t.colGrantedOn, { order: 'GRANTED_ON', width: 132 }),
    ...validityColumns(132),
    ownerColumn,
  ],
  validate: (v) =>
    validatePowerOfAttorney({ grantedOn: v.grantedOn as string | null, validFrom: v.validFrom as string | null, validTo: v.validTo as string | null }),
};
