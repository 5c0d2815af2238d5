import { agreementEndDate, validateProcurementTerm, type ProcurementTerm } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { dateColumn, intColumn, nameColumn, ownerColumn, rowBase, textColumn } from './shared';

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
    nameColumn({ minWidth: 240 }),
    intColumn('year', (t) => t.colYear, { required: true, order: 'YEAR', width: 90 }),
    textColumn('method', (t) => t.colMethod, { required: true, width: 200 }),
    dateColumn('implementationCompletedOn', (t) => t.colImplementationCompleted, { width: 150, wrapHeader: true }),
    intColumn('termYears', (t) => t.colTermYears, { required: true, width: 110, wrapHeader: true }),
    intColumn('maxExtensionYears', (t) => t.colMaxExtension, { required: true, width: 120, wrapHeader: true }),
    intColumn('extensionYears', (t) => t.colExtension, { required: true, width: 110, wrapHeader: true }),
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
    dateColumn('callOffWindowOpensOn', (t) => t.colWindowOpens, { width: 140, wrapHeader: true, hide: true }),
    dateColumn('callOffWindowClosesOn', (t) => t.colWindowCloses, { width: 140, wrapHeader: true }),
    ownerColumn,
  ],
  validate: (v) => {
    const t = term(v);
    return t ? validateProcurementTerm(t) : [];
  },
};
