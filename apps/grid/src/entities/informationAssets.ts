import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { categoryColumn, ownerColumn, rowBase } from './shared';

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

export const SaveInformationAssetsMutation = saveDocument('InformationAssets', InformationAssetFields);

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
    categoryColumn({ required: true, width: 240 }),
    { field: 'description', header: (t) => t.colDescription, kind: 'longText', editable: true, flex: 2, minWidth: 320 },
    ownerColumn,
  ],
};
