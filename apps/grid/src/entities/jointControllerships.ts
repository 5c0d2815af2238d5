import { jointControllershipGaps, type JointControllershipGap } from '@fvm/domain';
import type { ColumnSpec, EntityConfig } from '../editing/entity';
import { graphql, type ResultOf } from '../graphql';
import type { Dictionary } from '../i18n';
import { jointControllerCount, parties, status, title, validFrom, validTo } from './agreementColumns';
import { agreementCommon, agreementRow, type AgreementNode, type AnyAgreement } from './agreements';
import { ownerColumn, textColumn } from './shared';

export const JointControllershipFields = graphql(`
  fragment JointControllershipFields on JointControllership {
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
    governingBody
    contactPoint
    publicSummary
    gaps
    procurement {
      id
      name
    }
    parties(first: 1) {
      totalCount
    }
    jointControllers: parties(first: 1, filter: { role: { eq: JOINT_CONTROLLER } }) {
      totalCount
    }
    owner {
      id
      name
    }
  }
`);

export const JointControllershipsQuery = graphql(
  `
    query JointControllerships($first: Int!, $after: String, $filter: JointControllershipFilter, $orderBy: [JointControllershipOrder!]) {
      jointControllerships(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...JointControllershipFields
        }
      }
    }
  `,
  [JointControllershipFields],
);

type JointNode = ResultOf<typeof JointControllershipFields>;

const GAP_WORDS: Record<JointControllershipGap, (t: Dictionary) => string> = {
  'joint_controllership.party_missing': (t) => t.gapPartyMissing,
  'joint_controllership.contact_point_missing': (t) => t.gapContactPointMissing,
  'joint_controllership.public_summary_missing': (t) => t.gapPublicSummaryMissing,
};

const gaps: ColumnSpec = {
  field: 'gaps',
  header: (t) => t.colGaps,
  kind: 'computed',
  // The domain's gaps, on the current values and the number of joint controllers.
  compute: (v, row) =>
    jointControllershipGaps(
      { contactPoint: v.contactPoint as string | null, publicSummary: v.publicSummary as string | null },
      row.isNew ? 0 : jointControllerCount(row),
    ),
  format: (value, t) => {
    const list = (value as JointControllershipGap[] | null) ?? [];
    return list.length ? list.map((g) => GAP_WORDS[g](t)).join('; ') : t.noGaps;
  },
  width: 250,
};

// Written through the Agreement mutations (one table), which answer with Agreement nodes and IDs: hence
// agreementRow's retyping and a toRow that takes either node.
export const jointControllerships: EntityConfig = {
  ...agreementCommon,
  list: JointControllershipsQuery,
  id: 'joint-controllerships',
  typename: 'JointControllership',
  title: (t) => t.jointTitle,
  intro: (t) => t.jointIntro,
  connection: (d: ResultOf<typeof JointControllershipsQuery>) => d.jointControllerships,
  toRow: (n: JointNode | AgreementNode) => agreementRow(n as AnyAgreement, 'JointControllership'),
  createInput: { kind: 'JOINT_CONTROLLERSHIP' },
  newValues: { kind: 'joint_controllership', status: 'draft', endFollowsProcurementTerm: false, penalties: false },
  columns: [
    { ...title, flex: undefined, width: 340 },
    gaps,
    status,
    textColumn('governingBody', (t) => t.colGoverningBody, { width: 180 }),
    textColumn('contactPoint', (t) => t.colContactPoint, { width: 220 }),
    { field: 'publicSummary', header: (t) => t.colPublicSummary, kind: 'longText', editable: true, width: 300 },
    validFrom,
    validTo,
    parties,
    ownerColumn,
  ],
};
