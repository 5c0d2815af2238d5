import { PROFESSION_LABELS, PROFESSIONS, validateAccessPolicy } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { categoryColumn, lower, ownerColumn, rowBase, vocabulary } from './shared';

export const AccessPolicyFields = graphql(`
  fragment AccessPolicyFields on AccessPolicy {
    id
    version
    profession
    mayRead
    mayWrite
    maySign
    maySignMobile
    regionalDefault
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

export const AccessPoliciesQuery = graphql(
  `
    query AccessPolicies($first: Int!, $after: String, $filter: AccessPolicyFilter, $orderBy: [AccessPolicyOrder!]) {
      accessPolicies(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...AccessPolicyFields
        }
      }
    }
  `,
  [AccessPolicyFields],
);

export const SaveAccessPoliciesMutation = saveDocument('AccessPolicies', AccessPolicyFields);

type AccessPolicyNode = ResultOf<typeof AccessPolicyFields>;

const permission = (field: string, header: EntityConfig['columns'][number]['header'], order: string) =>
  ({ field, header, kind: 'boolean', editable: true, order, filter: { kind: 'boolean', path: [field] }, width: 120 }) as const;

/** Profession × category, one row each, with its four permissions as toggles; the region's rows are the regional default. */
export const accessPolicies: EntityConfig = {
  id: 'access-policies',
  title: (t) => t.policiesTitle,
  intro: (t) => t.policiesIntro,
  list: AccessPoliciesQuery,
  connection: (d: ResultOf<typeof AccessPoliciesQuery>) => d.accessPolicies,
  save: SaveAccessPoliciesMutation,
  toRow: (n: AccessPolicyNode) => ({
    ...rowBase(n),
    values: {
      profession: lower(n.profession),
      categoryId: n.category?.id ?? null,
      mayRead: n.mayRead,
      mayWrite: n.mayWrite,
      maySign: n.maySign,
      maySignMobile: n.maySignMobile,
    },
    labels: { categoryId: n.category?.name ?? '' },
    node: n,
  }),
  newValues: { mayRead: false, mayWrite: false, maySign: false, maySignMobile: false },
  describe: (r) => r.ownerName ?? '',
  columns: [
    {
      field: 'scope',
      header: (t) => t.colPolicyScope,
      kind: 'computed',
      // A new row is the writer's organisation's own policy (or the region's, for a regional admin of the region).
      compute: (_v, row) => ((row.node as AccessPolicyNode | undefined)?.regionalDefault ? 'regional' : 'own'),
      format: (v, t) => (v === 'regional' ? t.policyRegionalDefault : t.policyOwn),
      width: 190,
      pinned: true,
    },
    {
      field: 'profession',
      header: (t) => t.colProfession,
      kind: 'enum',
      vocabulary: vocabulary(PROFESSIONS, PROFESSION_LABELS),
      editable: true,
      required: true,
      order: 'PROFESSION',
      filter: { kind: 'enum', path: ['profession'] },
      width: 200,
    },
    categoryColumn({ required: true, width: 220 }),
    permission('mayRead', (t) => t.colMayRead, 'MAY_READ'),
    permission('mayWrite', (t) => t.colMayWrite, 'MAY_WRITE'),
    permission('maySign', (t) => t.colMaySign, 'MAY_SIGN'),
    permission('maySignMobile', (t) => t.colMaySignMobile, 'MAY_SIGN_MOBILE'),
    ownerColumn,
  ],
  validate: (v) => validateAccessPolicy({ profession: (v.profession as string | null) ?? null }),
};
