import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import type { Lookups } from '../editing/lookups';
import type { RefOption } from '../editing/values';
import { graphql, type ResultOf } from '../graphql';
import { intColumn, longTextColumn, nameColumn, nameEnColumn, ownerColumn, rowBase } from './shared';

export const OptionFields = graphql(`
  fragment OptionFields on Option {
    id
    version
    number
    name
    nameEn
    description
    owner {
      id
      name
    }
  }
`);

export const OptionsQuery = graphql(
  `
    query Options($first: Int!, $after: String, $filter: OptionFilter, $orderBy: [OptionOrder!]) {
      options(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...OptionFields
        }
      }
    }
  `,
  [OptionFields],
);

export const SaveOptionsMutation = saveDocument('Options', OptionFields);

export const OptionLinkFields = graphql(`
  fragment OptionLinkFields on OptionLink {
    id
    version
    note
    option {
      id
      number
      name
    }
    linkedOption {
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

export const OptionLinksQuery = graphql(
  `
    query OptionLinks($first: Int!, $after: String, $filter: OptionLinkFilter, $orderBy: [OptionLinkOrder!]) {
      optionLinks(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...OptionLinkFields
        }
      }
    }
  `,
  [OptionLinkFields],
);

export const SaveOptionLinksMutation = saveDocument('OptionLinks', OptionLinkFields);

type OptionNode = ResultOf<typeof OptionFields>;
type OptionLinkNode = ResultOf<typeof OptionLinkFields>;

const optionLabel = (o: { number: number; name: string } | null | undefined) => (o ? `${o.number} · ${o.name}` : '');
const optionOptions = (l: Lookups): RefOption[] => l.options.map((o) => ({ id: o.id, label: optionLabel(o) }));

export const options: EntityConfig = {
  id: 'options',
  title: (t) => t.optionsTitle,
  intro: (t) => t.optionsIntro,
  list: OptionsQuery,
  connection: (d: ResultOf<typeof OptionsQuery>) => d.options,
  save: SaveOptionsMutation,
  toRow: (n: OptionNode) => ({
    ...rowBase(n),
    values: { number: n.number, name: n.name, nameEn: n.nameEn, description: n.description },
    labels: {},
    node: n,
  }),
  describe: (r) => optionLabel({ number: Number(r.values.number), name: String(r.values.name ?? '') }),
  columns: [
    intColumn('number', (t) => t.colOptionNumber, { required: true, order: 'NUMBER', width: 110 }),
    nameColumn({ minWidth: 220 }),
    nameEnColumn({ minWidth: 200 }),
    longTextColumn('description', (t) => t.colDescription, { flex: 1.4, minWidth: 260 }),
    ownerColumn,
  ],
};

export const optionLinks: EntityConfig = {
  id: 'option-links',
  title: (t) => t.optionLinksTitle,
  intro: (t) => t.optionLinksIntro,
  list: OptionLinksQuery,
  connection: (d: ResultOf<typeof OptionLinksQuery>) => d.optionLinks,
  save: SaveOptionLinksMutation,
  toRow: (n: OptionLinkNode) => ({
    ...rowBase(n),
    values: { optionId: n.option?.id ?? null, linkedOptionId: n.linkedOption?.id ?? null, note: n.note },
    labels: { optionId: optionLabel(n.option), linkedOptionId: optionLabel(n.linkedOption) },
    node: n,
  }),
  describe: (r) => `${r.labels.optionId ?? ''} ↔ ${r.labels.linkedOptionId ?? ''}`,
  columns: [
    {
      field: 'optionId',
      header: (t) => t.colOption,
      kind: 'ref',
      options: optionOptions,
      editable: true,
      required: true,
      filter: { kind: 'number', path: ['option', 'number'] },
      width: 260,
    },
    {
      field: 'linkedOptionId',
      header: (t) => t.colLinkedOption,
      kind: 'ref',
      options: optionOptions,
      editable: true,
      required: true,
      filter: { kind: 'number', path: ['linkedOption', 'number'] },
      width: 260,
    },
    longTextColumn('note', (t) => t.colNote, { flex: 1, minWidth: 260 }),
    ownerColumn,
  ],
};
