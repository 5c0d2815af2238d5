import { CALL_OFF_STATUS_LABELS, CALL_OFF_STATUSES, isActiveCallOff, validateCallOff, type CallOffWindow, type PowerOfAttorneyFacts } from '@fvm/domain';
import type { EntityConfig, EntityRow } from '../editing/entity';
import type { Lookups } from '../editing/lookups';
import { saveDocument } from '../editing/saveDocument';
import type { RefOption } from '../editing/values';
import { graphql, type ResultOf } from '../graphql';
import { lower, municipalityOptions, ownerColumn, rowBase, vocabulary } from './shared';

export const CallOffFields = graphql(`
  fragment CallOffFields on CallOff {
    id
    version
    status
    submittedOn
    signedOn
    municipality {
      id
      name
    }
    option {
      id
      number
      name
    }
    procurement {
      id
    }
    owner {
      id
      name
    }
  }
`);

export const CallOffsQuery = graphql(
  `
    query CallOffs($first: Int!, $after: String, $filter: CallOffFilter, $orderBy: [CallOffOrder!]) {
      callOffs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...CallOffFields
        }
      }
    }
  `,
  [CallOffFields],
);

/** Save: one saveCallOffs with every new and changed call-off, in one transaction. */
export const SaveCallOffsMutation = saveDocument('CallOffs', CallOffFields);

export type CallOffNode = ResultOf<typeof CallOffFields>;

export const CALL_OFF_VOCABULARY = vocabulary(CALL_OFF_STATUSES, CALL_OFF_STATUS_LABELS);

const optionLabel = (o: { number: number; name: string } | null | undefined) => (o ? `${o.number} · ${o.name}` : '');
const optionOptions = (l: Lookups): RefOption[] => l.options.map((o) => ({ id: o.id, label: optionLabel(o) }));

/**
 * What the call-off rules need besides the row (packages/domain's validateCallOff): the
 * municipality's powers of attorney, the procurement's call-off window, and the other call-offs
 * stored for the same municipality and option. Without them (a plain list) only the row's own
 * rules run; the server applies them all.
 */
export interface CallOffFacts {
  powersOfAttorney(municipalityId: string): readonly PowerOfAttorneyFacts[] | undefined;
  window(procurementId: string | null): CallOffWindow;
  /** The call-offs stored for the municipality and option, with their status (domain form). */
  sameCell(municipalityId: string, optionId: string): readonly { id: string; status: string }[];
}

const NO_WINDOW: CallOffWindow = { opensOn: null, closesOn: null };

export function callOffRow(n: CallOffNode): EntityRow {
  return {
    ...rowBase(n),
    values: {
      municipalityId: n.municipality?.id ?? null,
      optionId: n.option?.id ?? null,
      status: lower(n.status),
      submittedOn: n.submittedOn,
      signedOn: n.signedOn,
      procurementId: n.procurement?.id ?? null,
    },
    labels: { municipalityId: n.municipality?.name ?? '', optionId: optionLabel(n.option) },
    node: n,
  };
}

/** The call-offs: municipality × option, status and dates; checked by the domain's rules as the server checks them. */
export function callOffConfig(facts?: CallOffFacts): EntityConfig {
  return {
    id: 'call-offs',
    typename: 'CallOff',
    changeUnit: 'callOffs',
    title: (t) => t.callOffsTitle,
    intro: (t) => t.callOffsIntro,
    list: CallOffsQuery,
    connection: (d: ResultOf<typeof CallOffsQuery>) => d.callOffs,
    save: SaveCallOffsMutation,
    toRow: callOffRow,
    search: true,
    describe: (r) => `${r.labels.municipalityId ?? ''} – ${r.labels.optionId ?? ''}`,
    columns: [
      { field: 'municipalityId', header: (t) => t.colMunicipality, kind: 'ref', options: municipalityOptions, editable: true, required: true, width: 180 },
      { field: 'optionId', header: (t) => t.colOption, kind: 'ref', options: optionOptions, editable: true, required: true, width: 220 },
      {
        field: 'status',
        header: (t) => t.colStatus,
        kind: 'enum',
        vocabulary: CALL_OFF_VOCABULARY,
        editable: true,
        required: true,
        order: 'STATUS',
        width: 150,
      },
      { field: 'submittedOn', header: (t) => t.colSubmittedOn, kind: 'date', editable: true, width: 140 },
      { field: 'signedOn', header: (t) => t.colSignedOn, kind: 'date', editable: true, width: 140 },
      ownerColumn,
    ],
    validate: (v, { row, isNew, today }) => {
      const municipalityId = (v.municipalityId as string | null) ?? '';
      const optionId = (v.optionId as string | null) ?? '';
      const others = facts?.sameCell(municipalityId, optionId).filter((c) => c.id !== row.id && isActiveCallOff(c.status)).length ?? 0;
      const status = String(v.status ?? '');
      return validateCallOff(
        // The rules read the ids only to name them.
        { municipalityId: 0, optionId: 0, status, submittedOn: (v.submittedOn as string | null) ?? null, signedOn: (v.signedOn as string | null) ?? null },
        {
          today,
          isNew,
          // Unknown powers of attorney (a plain list): assume one, and let the server judge.
          powersOfAttorney: [...(facts?.powersOfAttorney(municipalityId) ?? [{ validFrom: null, validTo: null }])],
          window: facts?.window((v.procurementId as string | null) ?? null) ?? NO_WINDOW,
          otherCallOffsForSameOption: isActiveCallOff(status) ? others : 0,
        },
      );
    },
  };
}

export const callOffs: EntityConfig = callOffConfig();
