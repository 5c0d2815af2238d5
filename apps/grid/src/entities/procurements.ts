import { agreementEndDate, validateProcurementTerm, type ProcurementTerm } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { ownerColumn, rowBase } from './shared';

export const ProcurementFields = graphql(`
  fragment ProcurementFields on Procurement {
    id
    version
    name
    year
    method
    implementationCompletedOn
    termYears
    maxExtensionYears
    extensionYears
    agreementEndsOn
    callOffWindowOpensOn
    callOffWindowClosesOn
    owner {
      id
      name
    }
  }
`);

export const ProcurementsQuery = graphql(
  `
    query Procurements($first: Int!, $after: String, $filter: ProcurementFilter, $orderBy: [ProcurementOrder!]) {
      procurements(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...ProcurementFields
        }
      }
    }
  `,
  [ProcurementFields],
);

export const SaveProcurementsMutation = saveDocument('Procurements', ProcurementFields);

type ProcurementNode = ResultOf<typeof ProcurementFields>;

/** The term as the domain takes it, or null while a count is empty (the required rule's finding, not the term's). */
function term(v: Readonly<Record<string, unknown>>): ProcurementTerm | null {
  const { termYears, maxExtensionYears, extensionYears } = v;
  if (typeof termYears !== 'number' || typeof maxExtensionYears !== 'number' || typeof extensionYears !== 'number') return null;
  return { implementationCompletedOn: (v.implementationCompletedOn as string | null) ?? null, termYears, maxExtensionYears, extensionYears };
}

export const procurements: EntityConfig = {
  id: 'procurements',
  title: (t) => t.procurementsTitle,
  intro: (t) => t.procurementsIntro,
  list: ProcurementsQuery,
  connection: (d: ResultOf<typeof ProcurementsQuery>) => d.procurements,
  save: SaveProcurementsMutation,
  toRow: (n: ProcurementNode) => ({
    ...rowBase(n),
    values: {
      name: n.name,
      year: n.year,
      method: n.method,
      implementationCompletedOn: n.implementationCompletedOn,
      termYears: n.termYears,
      maxExtensionYears: n.maxExtensionYears,
      extensionYears: n.extensionYears,
      callOffWindowOpensOn: n.callOffWindowOpensOn,
      callOffWindowClosesOn: n.callOffWindowClosesOn,
    },
    labels: {},
    node: n,
  }),
  newValues: { termYears: 10, maxExtensionYears: 4, extensionYears: 0 },
  describe: (r) => String(r.values.name ?? ''),
  columns: [
    {
      field: 'name',
      header: (t) => t.colNameSv,
      kind: 'text',
      editable: true,
      required: true,
      order: 'NAME',
      filter: { kind: 'text', path: ['name'] },
      flex: 1,
      minWidth: 240,
    },
    {
      field: 'year',
      header: (t) => t.colYear,
      kind: 'int',
      editable: true,
      required: true,
      order: 'YEAR',
      filter: { kind: 'number', path: ['year'] },
      width: 90,
    },
    { field: 'method', header: (t) => t.colMethod, kind: 'text', editable: true, required: true, filter: { kind: 'text', path: ['method'] }, width: 200 },
    {
      field: 'implementationCompletedOn',
      header: (t) => t.colImplementationCompleted,
      kind: 'date',
      editable: true,
      filter: { kind: 'date', path: ['implementationCompletedOn'] },
      width: 150,
      wrapHeader: true,
    },
    {
      field: 'termYears',
      header: (t) => t.colTermYears,
      kind: 'int',
      editable: true,
      required: true,
      filter: { kind: 'number', path: ['termYears'] },
      width: 110,
      wrapHeader: true,
    },
    {
      field: 'maxExtensionYears',
      header: (t) => t.colMaxExtension,
      kind: 'int',
      editable: true,
      required: true,
      filter: { kind: 'number', path: ['maxExtensionYears'] },
      width: 120,
      wrapHeader: true,
    },
    {
      field: 'extensionYears',
      header: (t) => t.colExtension,
      kind: 'int',
      editable: true,
      required: true,
      filter: { kind: 'number', path: ['extensionYears'] },
      width: 110,
      wrapHeader: true,
    },
    {
      // Derived, never typed: the term from completed implementation, as the server derives the agreements' end dates.
      field: 'agreementEndsOn',
      header: (t) => t.colAgreementEnds,
      kind: 'computed',
      compute: (v) => {
        const t = term(v);
        return (t && agreementEndDate(t)) ?? '';
      },
      width: 130,
      wrapHeader: true,
    },
    {
      field: 'callOffWindowOpensOn',
      header: (t) => t.colWindowOpens,
      kind: 'date',
      editable: true,
      filter: { kind: 'date', path: ['callOffWindowOpensOn'] },
      width: 140,
      wrapHeader: true,
      hide: true,
    },
    {
      field: 'callOffWindowClosesOn',
      header: (t) => t.colWindowCloses,
      kind: 'date',
      editable: true,
      filter: { kind: 'date', path: ['callOffWindowClosesOn'] },
      width: 140,
      wrapHeader: true,
    },
    ownerColumn,
  ],
  validate: (v) => {
    const t = term(v);
    return t ? validateProcurementTerm(t) : [];
  },
};
