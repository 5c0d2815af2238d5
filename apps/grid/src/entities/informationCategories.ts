import { RECORD_KIND_LABELS, RECORD_KINDS, validateEnum } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { booleanColumn, lower, nameColumn, nameEnColumn, ownerColumn, rowBase, textColumn, vocabulary } from './shared';

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

export const SaveInformationCategoriesMutation = saveDocument('InformationCategories', InformationCategoryFields);

type CategoryNode = ResultOf<typeof InformationCategoryFields>;

export const informationCategories: EntityConfig = {
  id: 'information-categories',
  typename: 'InformationCategory',
  title: (t) => t.categoriesTitle,
  intro: (t) => t.categoriesIntro,
  list: InformationCategoriesQuery,
  connection: (d: ResultOf<typeof InformationCategoriesQuery>) => d.informationCategories,
  save: SaveInformationCategoriesMutation,
  search: true,
  toRow: (n: CategoryNode) => ({
    ...rowBase(n),
    values: {
      code: n.code,
      name: n.name,
      nameEn: n.nameEn,
      recordKind: lower(n.recordKind),
      harmAssessmentRequired: n.harmAssessmentRequired,
      optionId: n.option?.id ?? null,
    },
    labels: { optionId: n.option ? `${n.option.number} · ${n.option.name}` : '' },
    node: n,
  }),
  newValues: { recordKind: 'other', harmAssessmentRequired: false },
  describe: (r) => String(r.values.name ?? ''),
  columns: [
    textColumn('code', (t) => t.colCode2, { required: true, order: 'CODE', width: 190 }),
    nameColumn({ minWidth: 200 }),
    nameEnColumn({ minWidth: 180 }),
    {
      field: 'recordKind',
      header: (t) => t.colRecordKind,
      kind: 'enum',
      vocabulary: vocabulary(RECORD_KINDS, RECORD_KIND_LABELS),
      editable: true,
      required: true,
      order: 'RECORD_KIND',
      filter: { kind: 'enum', path: ['recordKind'] },
      width: 150,
    },
    booleanColumn('harmAssessmentRequired', (t) => t.colHarm, { width: 130 }),
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
