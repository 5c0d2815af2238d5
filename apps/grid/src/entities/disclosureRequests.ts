import { DISCLOSURE_OUTCOME_LABELS, DISCLOSURE_OUTCOMES, validateDisclosureRequest, type DisclosureRequestInput } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import type { Lookups } from '../editing/lookups';
import type { RefOption } from '../editing/values';
import { graphql, type ResultOf } from '../graphql';
import { dateColumn, lower, ownerColumn, rowBase, textColumn, vocabulary } from './shared';

export const DisclosureRequestFields = graphql(`
  fragment DisclosureRequestFields on DisclosureRequest {
    id
    version
    requester
    requestedOn
    outcome
    reasoning
    decidedBy
    decidedOn
    userLogEntryId
    disclosureRecorded
    asset {
      id
      category {
        id
        name
        harmAssessmentRequired
      }
      owner {
        id
        name
      }
    }
    owner {
      id
      name
    }
  }
`);

export const DisclosureRequestsQuery = graphql(
  `
    query DisclosureRequests($first: Int!, $after: String, $filter: DisclosureRequestFilter, $orderBy: [DisclosureRequestOrder!]) {
      disclosureRequests(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...DisclosureRequestFields
        }
      }
    }
  `,
  [DisclosureRequestFields],
);

export const SaveDisclosureRequestsMutation = saveDocument('DisclosureRequests', DisclosureRequestFields);

type DisclosureRequestNode = ResultOf<typeof DisclosureRequestFields>;

const assetOptions = (l: Lookups): RefOption[] => l.assets.map((a) => ({ id: a.id, label: `${a.owner?.name ?? ''} – ${a.category?.name ?? ''}` }));

/** Disclosure requests and their harm assessments, checked by the rules the server applies. */
export const disclosureRequests: EntityConfig = {
  id: 'disclosure-requests',
  title: (t) => t.disclosuresTitle,
  intro: (t) => t.disclosuresIntro,
  list: DisclosureRequestsQuery,
  connection: (d: ResultOf<typeof DisclosureRequestsQuery>) => d.disclosureRequests,
  save: SaveDisclosureRequestsMutation,
  search: true,
  toRow: (n: DisclosureRequestNode) => ({
    ...rowBase(n),
    values: {
      assetId: n.asset?.id ?? null,
      requester: n.requester,
      requestedOn: n.requestedOn,
      outcome: lower(n.outcome),
      reasoning: n.reasoning,
      decidedBy: n.decidedBy,
      decidedOn: n.decidedOn,
      userLogEntryId: n.userLogEntryId,
    },
    labels: { assetId: n.asset ? `${n.asset.owner?.name ?? ''} – ${n.asset.category?.name ?? ''}` : '' },
    node: n,
  }),
  describe: (r) => String(r.values.requester ?? ''),
  columns: [
    {
      field: 'assetId',
      header: (t) => t.colAsset,
      kind: 'ref',
      options: assetOptions,
      editable: true,
      required: true,
      filter: { kind: 'text', path: ['asset', 'category', 'name'] },
      width: 260,
    },
    textColumn('requester', (t) => t.colRequester, { required: true, order: 'REQUESTER', width: 220 }),
    dateColumn('requestedOn', (t) => t.colRequestedOn, { required: true, order: 'REQUESTED_ON', width: 130 }),
    {
      field: 'outcome',
      header: (t) => t.colDisclosureOutcome,
      kind: 'enum',
      vocabulary: vocabulary(DISCLOSURE_OUTCOMES, DISCLOSURE_OUTCOME_LABELS),
      editable: true,
      order: 'OUTCOME',
      filter: { kind: 'enum', path: ['outcome'] },
      width: 170,
    },
    { field: 'reasoning', header: (t) => t.colReasoning, kind: 'longText', editable: true, flex: 2, minWidth: 280 },
    textColumn('decidedBy', (t) => t.colDecidedBy, { width: 220 }),
    dateColumn('decidedOn', (t) => t.colDecidedOn, { order: 'DECIDED_ON', width: 130 }),
    { field: 'userLogEntryId', header: (t) => t.colLogEntry, kind: 'int', editable: true, width: 170 },
    {
      field: 'disclosureRecorded',
      header: (t) => t.colDisclosureRecorded,
      kind: 'computed',
      // A link to an entry outside the viewer's log scope shows as there, never as which.
      compute: (_v, row) => {
        const n = row.node as DisclosureRequestNode | undefined;
        return !n?.disclosureRecorded ? null : n.userLogEntryId === null ? 'hidden' : 'yes';
      },
      format: (v, t) => (v === 'hidden' ? t.disclosureLinkedHidden : v === 'yes' ? t.yes : ''),
      width: 210,
    },
    ownerColumn,
  ],
  // validateDisclosureRequest: the decision is recorded whole, after the request, and a category
  // requiring a harm assessment gets no disclosure linked without one. Whether the linked entry is
  // a disclose entry of the owner's data only the server can tell (it may lie outside what the
  // grid has read), so the link is judged here as unchanged.
  validate: (v, { lookups, row }) => {
    const assetId = v.assetId as string | null;
    const node = row.node as DisclosureRequestNode | undefined;
    const fromLookup = lookups.assets.find((a) => a.id === assetId);
    const category = fromLookup?.category ?? (node?.asset?.id === assetId ? node?.asset?.category : undefined);
    const asset = assetId === null ? null : { ownerOrgId: 0, harmAssessmentRequired: category?.harmAssessmentRequired ?? false };
    return validateDisclosureRequest(v as unknown as DisclosureRequestInput, { asset, entry: null, linkChanged: false });
  },
};
