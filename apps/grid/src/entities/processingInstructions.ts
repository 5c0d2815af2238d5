import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { booleanColumn, longTextColumn, ownerColumn, refColumn, retype, rowBase } from './shared';

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
    refColumn(
      'serviceId',
      (t) => t.colService,
      (l) => l.services.map((s) => ({ id: s.id, label: s.name })),
      'service',
      { width: 200 },
    ),
    longTextColumn('purpose', (t) => t.colPurpose, { width: 220 }),
    longTextColumn('processing', (t) => t.colProcessing, { required: true, width: 220 }),
    longTextColumn('dataCategories', (t) => t.colDataCategories, { width: 200 }),
    longTextColumn('dataSubjectCategories', (t) => t.colDataSubjects, { width: 180 }),
    longTextColumn('retention', (t) => t.colRetentionText, { width: 180, hide: true }),
    booleanColumn('subProcessorsAllowed', (t) => t.colSubProcessors, { width: 130, wrapHeader: true }),
    booleanColumn('transfersOutsideEea', (t) => t.colTransfers, { width: 130, wrapHeader: true }),
    ownerColumn,
  ],
};
