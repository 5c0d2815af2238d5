import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { ownerColumn, retype, rowBase } from './shared';

export const ProcessingInstructionFields = graphql(`
  fragment ProcessingInstructionFields on ProcessingInstruction {
    id
    version
    purpose
    processing
    dataCategories
    dataSubjectCategories
    retention
    subProcessorsAllowed
    transfersOutsideEea
    agreement {
      id
      title
    }
    service {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const ProcessingInstructionsQuery = graphql(
  `
    query ProcessingInstructions($first: Int!, $after: String, $filter: ProcessingInstructionFilter, $orderBy: [ProcessingInstructionOrder!]) {
      processingInstructions(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...ProcessingInstructionFields
        }
      }
    }
  `,
  [ProcessingInstructionFields],
);

export const SaveProcessingInstructionsMutation = saveDocument('ProcessingInstructions', ProcessingInstructionFields);

type InstructionNode = ResultOf<typeof ProcessingInstructionFields>;

export const processingInstructions: EntityConfig = {
  id: 'processing-instructions',
  title: (t) => t.instructionsTitle,
  intro: (t) => t.instructionsIntro,
  list: ProcessingInstructionsQuery,
  connection: (d: ResultOf<typeof ProcessingInstructionsQuery>) => d.processingInstructions,
  save: SaveProcessingInstructionsMutation,
  toRow: (n: InstructionNode) => ({
    ...rowBase(n),
    values: {
      agreementId: n.agreement?.id ?? null,
      serviceId: n.service?.id ?? null,
      purpose: n.purpose,
      processing: n.processing,
      dataCategories: n.dataCategories,
      dataSubjectCategories: n.dataSubjectCategories,
      retention: n.retention,
      subProcessorsAllowed: n.subProcessorsAllowed,
      transfersOutsideEea: n.transfersOutsideEea,
    },
    labels: { agreementId: n.agreement?.title ?? '', serviceId: n.service?.name ?? '' },
    node: n,
  }),
  newValues: { subProcessorsAllowed: false, transfersOutsideEea: false },
  describe: (r) => `${r.labels.agreementId ?? ''} · ${r.labels.serviceId ?? ''}`,
  columns: [
    {
      field: 'agreementId',
      header: (t) => t.colAgreement,
      kind: 'ref',
      // The list names processor agreements by their own IDs; an instruction points at the agreement row.
      options: (l) => l.processorAgreements.map((a) => ({ id: retype(a.id, 'Agreement'), label: a.title })),
      editable: true,
      required: true,
      filter: { kind: 'text', path: ['agreement', 'title'] },
      flex: 1,
      minWidth: 240,
    },
    {
      field: 'serviceId',
      header: (t) => t.colService,
      kind: 'ref',
      options: (l) => l.services.map((s) => ({ id: s.id, label: s.name })),
      editable: true,
      filter: { kind: 'text', path: ['service', 'name'] },
      width: 200,
    },
    { field: 'purpose', header: (t) => t.colPurpose, kind: 'longText', editable: true, filter: { kind: 'text', path: ['purpose'] }, width: 220 },
    {
      field: 'processing',
      header: (t) => t.colProcessing,
      kind: 'longText',
      editable: true,
      required: true,
      filter: { kind: 'text', path: ['processing'] },
      width: 220,
    },
    {
      field: 'dataCategories',
      header: (t) => t.colDataCategories,
      kind: 'longText',
      editable: true,
      filter: { kind: 'text', path: ['dataCategories'] },
      width: 200,
    },
    {
      field: 'dataSubjectCategories',
      header: (t) => t.colDataSubjects,
      kind: 'longText',
      editable: true,
      filter: { kind: 'text', path: ['dataSubjectCategories'] },
      width: 180,
    },
    {
      field: 'retention',
      header: (t) => t.colRetentionText,
      kind: 'longText',
      editable: true,
      filter: { kind: 'text', path: ['retention'] },
      width: 180,
      hide: true,
    },
    {
      field: 'subProcessorsAllowed',
      header: (t) => t.colSubProcessors,
      kind: 'boolean',
      editable: true,
      filter: { kind: 'boolean', path: ['subProcessorsAllowed'] },
      width: 130,
      wrapHeader: true,
    },
    {
      field: 'transfersOutsideEea',
      header: (t) => t.colTransfers,
      kind: 'boolean',
      editable: true,
      filter: { kind: 'boolean', path: ['transfersOutsideEea'] },
      width: 130,
      wrapHeader: true,
    },
    ownerColumn,
  ],
};
