import { validateRolloutStage } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { dateColumn, intColumn, ownerColumn, rowBase, textColumn } from './shared';

export const RolloutStageFields = graphql(`
  fragment RolloutStageFields on RolloutStage {
    id
    version
    number
    area
    plannedGoLive
    actualGoLive
    members(first: 1) {
      totalCount
    }
    owner {
      id
      name
    }
  }
`);

export const RolloutStagesQuery = graphql(
  `
    query RolloutStages($first: Int!, $after: String, $filter: RolloutStageFilter, $orderBy: [RolloutStageOrder!]) {
      rolloutStages(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...RolloutStageFields
        }
      }
    }
  `,
  [RolloutStageFields],
);

export const SaveRolloutStagesMutation = saveDocument('RolloutStages', RolloutStageFields);

type StageNode = ResultOf<typeof RolloutStageFields>;

export const rolloutStages: EntityConfig = {
  id: 'rollout-stages',
  typename: 'RolloutStage',
  title: (t) => t.stagesTitle,
  intro: (t) => t.stagesIntro,
  list: RolloutStagesQuery,
  connection: (d: ResultOf<typeof RolloutStagesQuery>) => d.rolloutStages,
  save: SaveRolloutStagesMutation,
  search: true,
  toRow: (n: StageNode) => ({
    ...rowBase(n),
    values: { number: n.number, area: n.area, plannedGoLive: n.plannedGoLive, actualGoLive: n.actualGoLive },
    labels: {},
    node: n,
  }),
  describe: (r) => String(r.values.area ?? ''),
  columns: [
    intColumn('number', (t) => t.colStageNumber, { required: true, order: 'NUMBER', width: 100 }),
    textColumn('area', (t) => t.colArea, { required: true, order: 'AREA', flex: 1, minWidth: 280 }),
    dateColumn('plannedGoLive', (t) => t.colPlannedGoLive, { order: 'PLANNED_GO_LIVE', width: 160 }),
    dateColumn('actualGoLive', (t) => t.colActualGoLive, { order: 'ACTUAL_GO_LIVE', width: 160 }),
    {
      field: 'members',
      header: (t) => t.colMembers,
      kind: 'computed',
      compute: (_v, row) => (row.node as StageNode | undefined)?.members.totalCount ?? 0,
      width: 120,
    },
    ownerColumn,
  ],
  // The rules the server applies to a stage.
  validate: (v) => validateRolloutStage({ plannedGoLive: v.plannedGoLive as string | null, actualGoLive: v.actualGoLive as string | null }),
};
