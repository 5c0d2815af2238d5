import type { EntityConfig } from '../editing/entity';
import { graphql, type ResultOf } from '../graphql';
import { categoryOptions, ownerColumn, rowBase, RowOutcomeFields, ViolationFields } from './shared';

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
  typename: 'InformationAsset',
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

