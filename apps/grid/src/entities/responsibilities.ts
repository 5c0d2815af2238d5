import { RESPONSIBILITY_AREA_LABELS, RESPONSIBILITY_AREAS, validateEnum } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import { graphql, type ResultOf } from '../graphql';
import { longTextColumn, lower, organisationOptions, ownerColumn, refColumn, retype, rowBase, vocabulary } from './shared';

export const JointControllerResponsibilityFields = graphql(`
  fragment JointControllerResponsibilityFields on JointControllerResponsibility {
    id
    version
    area
    description
    agreement {
      id
      title
    }
    organisation {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const JointControllerResponsibilitiesQuery = graphql(
  `
    query JointControllerResponsibilities(
      $first: Int!
      $after: String
      $filter: JointControllerResponsibilityFilter
      $orderBy: [JointControllerResponsibilityOrder!]
    ) {
      jointControllerResponsibilities(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...JointControllerResponsibilityFields
        }
      }
    }
  `,
  [JointControllerResponsibilityFields],
);

export const SaveJointControllerResponsibilitiesMutation = saveDocument('JointControllerResponsibilities', JointControllerResponsibilityFields);

type ResponsibilityNode = ResultOf<typeof JointControllerResponsibilityFields>;

export const responsibilities: EntityConfig = {
  id: 'responsibilities',
  title: (t) => t.responsibilitiesTitle,
  intro: (t) => t.responsibilitiesIntro,
  list: JointControllerResponsibilitiesQuery,
  connection: (d: ResultOf<typeof JointControllerResponsibilitiesQuery>) => d.jointControllerResponsibilities,
  save: SaveJointControllerResponsibilitiesMutation,
  toRow: (n: ResponsibilityNode) => ({
    ...rowBase(n),
    values: { agreementId: n.agreement?.id ?? null, organisationId: n.organisation?.id ?? null, area: lower(n.area), description: n.description },
    labels: { agreementId: n.agreement?.title ?? '', organisationId: n.organisation?.name ?? '' },
    node: n,
  }),
  describe: (r) => `${r.labels.agreementId ?? ''} · ${r.labels.organisationId ?? ''}`,
  columns: [
    {
      field: 'agreementId',
      header: (t) => t.colAgreement,
      kind: 'ref',
      // The list names joint controllerships by their own IDs; a responsibility points at the agreement row.
      options: (l) => l.jointControllerships.map((a) => ({ id: retype(a.id, 'Agreement'), label: a.title })),
      editable: true,
      required: true,
      filter: { kind: 'text', path: ['agreement', 'title'] },
      flex: 1,
      minWidth: 240,
    },
    refColumn(
      'organisationId',
      (t) => t.colResponsible,
      (l) => organisationOptions(l),
      'organisation',
      { required: true, width: 220 },
    ),
    {
      field: 'area',
      header: (t) => t.colArea,
      kind: 'enum',
      vocabulary: vocabulary(RESPONSIBILITY_AREAS, RESPONSIBILITY_AREA_LABELS),
      editable: true,
      required: true,
      order: 'AREA',
      filter: { kind: 'enum', path: ['area'] },
      width: 220,
    },
    longTextColumn('description', (t) => t.colDescription, { flex: 1, minWidth: 240 }),
    ownerColumn,
  ],
  validate: (v) => validateEnum(v.area as string | null, RESPONSIBILITY_AREAS, 'area'),
};
