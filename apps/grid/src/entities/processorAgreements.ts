import { ART_28_ITEMS, missingArt28Items, type Art28Key } from '@fvm/domain';
import type { ColumnSpec, EntityConfig } from '../editing/entity';
import { graphql, type ResultOf } from '../graphql';
import type { Dictionary, Language } from '../i18n';
import { reference, signedOn, status, title, validFrom, validTo } from './agreementColumns';
import { agreementCommon, agreementRow, type AgreementNode, type AnyAgreement } from './agreements';
import { ownerColumn } from './shared';

export const ProcessorAgreementFields = graphql(`
  fragment ProcessorAgreementFields on ProcessorAgreement {
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
    owner {
      id
      name
    }
  }
`);

export const ProcessorAgreementsQuery = graphql(
  `
    query ProcessorAgreements($first: Int!, $after: String, $filter: ProcessorAgreementFilter, $orderBy: [ProcessorAgreementOrder!]) {
      processorAgreements(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...ProcessorAgreementFields
        }
      }
    }
  `,
  [ProcessorAgreementFields],
);

type ProcessorNode = ResultOf<typeof ProcessorAgreementFields>;

const art28Columns: ColumnSpec[] = ART_28_ITEMS.map((item) => ({
  field: item.key,
  // The article's words, cut to three lines of heading; the tooltip has them whole.
  header: (_t: Dictionary, lang: Language) => shorten(capitalise(item[lang]), 46),
  headerTooltip: (_t, lang) => `GDPR art. ${item.article}: ${lang === 'sv' ? item.sv : item.en}`,
  kind: 'boolean' as const,
  editable: true,
  filter: { kind: 'boolean' as const, path: [item.key] },
  width: 168,
  wrapHeader: true,
}));

const missing: ColumnSpec = {
  field: 'missingArt28Items',
  header: (t) => t.colMissingArt28,
  kind: 'computed',
  // The domain's list, on the current (staged) values: ticking an item takes it off at once.
  compute: (v) => missingArt28Items(v as Partial<Record<Art28Key, boolean | null>>),
  format: (value, t, lang) => {
    const keys = (value as Art28Key[] | null) ?? [];
    if (keys.length === 0) return t.missingNone;
    return t.missingCount(keys.length, keys.map((k) => ART_28_ITEMS.find((i) => i.key === k)![lang]).join('; '));
  },
  width: 260,
  pinned: true,
};

// Written through the Agreement mutations (one table), which answer with Agreement nodes and IDs: hence
// agreementRow's retyping and a toRow that takes either node.
export const processorAgreements: EntityConfig = {
  ...agreementCommon,
  list: ProcessorAgreementsQuery,
  id: 'processor-agreements',
  typename: 'ProcessorAgreement',
  title: (t) => t.processorTitle,
  intro: (t) => t.processorIntro,
  connection: (d: ResultOf<typeof ProcessorAgreementsQuery>) => d.processorAgreements,
  toRow: (n: ProcessorNode | AgreementNode) => agreementRow(n as AnyAgreement, 'ProcessorAgreement'),
  createInput: { kind: 'PROCESSOR' },
  newValues: { kind: 'processor', status: 'draft', endFollowsProcurementTerm: false, penalties: false },
  columns: [{ ...title, flex: undefined, width: 320 }, missing, status, signedOn, validFrom, validTo, ...art28Columns, reference, ownerColumn],
};

function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
