import { USER_ROLE_LABELS, USER_ROLES } from '@fvm/domain';
import type { EntityConfig, EntityRow } from '../editing/entity';
import type { Vocabulary } from '../editing/values';
import { graphql, type ResultOf } from '../graphql';
import { allFields, changeSummary, changeTitle, fieldLabel, idsToName, subjectName, valueText } from '../history/describe';
import { useNames } from '../history/HistoryNames';
import { DICTIONARIES, useI18n } from '../i18n';
import { formatLogTime } from '../logs/format';
import { lower, vocabulary } from './shared';

export const ChangeFields = graphql(`
  fragment ChangeFields on Change {
    id
    at
    entity
    entityId
    operation
    actorRole
    actorOrganisation {
      id
      name
    }
    subjectId
    before
    after
  }
`);

export const ChangesQuery = graphql(
  `
    query Changes($first: Int!, $after: String, $filter: ChangeFilter, $orderBy: [ChangeOrder!]) {
      changes(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...ChangeFields
        }
      }
    }
  `,
  [ChangeFields],
);

type ChangeNode = ResultOf<typeof ChangeFields>;

const OPERATIONS: Vocabulary = {
  values: ['create', 'update', 'delete'],
  labels: {
    create: { sv: DICTIONARIES.sv.opCreate, en: DICTIONARIES.en.opCreate },
    update: { sv: DICTIONARIES.sv.opUpdate, en: DICTIONARIES.en.opUpdate },
    delete: { sv: DICTIONARIES.sv.opDelete, en: DICTIONARIES.en.opDelete },
  },
};

/** The changed row by name ("Borås – Journalanteckning"), read when shown. */
function SubjectCell({ change }: { change: ChangeNode }) {
  const nameOf = useNames([change.subjectId]);
  return <span className="value-text">{subjectName(change, nameOf) || `#${change.entityId}`}</span>;
}

/** The changed fields in the reader's words, related rows by name. */
function ChangedCell({ change }: { change: ChangeNode }) {
  const { t, lang } = useI18n();
  const nameOf = useNames(idsToName(change));
  return <span className="value-text">{changeSummary(change, t, lang, nameOf)}</span>;
}

const nodeOf = (_v: unknown, row: EntityRow) => row.node as ChangeNode;

export const changes: EntityConfig = {
  id: 'changes',
  title: (t) => t.changesTitle,
  intro: (t) => t.changesIntro,
  list: ChangesQuery,
  connection: (d: ResultOf<typeof ChangesQuery>) => d.changes,
  toRow: (n: ChangeNode): EntityRow => ({
    id: n.id,
    version: 0,
    ownerId: null,
    ownerName: null,
    values: {
      at: n.at,
      entity: n.entity,
      entityId: n.entityId,
      operation: lower(n.operation),
      actorRole: lower(n.actorRole),
      actorOrganisation: n.actorOrganisation?.name ?? '',
    },
    labels: {},
    node: n,
  }),
  columns: [
    // In Swedish time, as the log browser shows its times; its filter still takes the API's UTC text.
    {
      field: 'at',
      header: (t) => t.colAt,
      kind: 'text',
      order: 'AT',
      filter: { kind: 'text', path: ['at'] },
      format: (v, _t, lang) => (v ? formatLogTime(String(v), lang) : ''),
      width: 172,
    },
    { field: 'entity', header: (t) => t.colEntity, kind: 'text', order: 'ENTITY', filter: { kind: 'text', path: ['entity'] }, width: 130 },
    {
      field: 'subject',
      header: (t) => t.colEntityId,
      kind: 'computed',
      compute: nodeOf,
      format: (v) => subjectName(v as ChangeNode) || `#${(v as ChangeNode).entityId}`,
      render: (v) => <SubjectCell change={v as ChangeNode} />,
      width: 190,
    },
    { field: 'entityId', header: (t) => t.colEntityNumber, kind: 'int', filter: { kind: 'number', path: ['entityId'] }, width: 80, hide: true },
    { field: 'operation', header: (t) => t.colOperation, kind: 'enum', vocabulary: OPERATIONS, filter: { kind: 'enum', path: ['operation'] }, width: 100 },
    {
      field: 'actorOrganisation',
      header: (t) => t.colActorOrganisation,
      kind: 'text',
      filter: { kind: 'text', path: ['actorOrganisation', 'name'] },
      width: 150,
    },
    {
      field: 'actorRole',
      header: (t) => t.colActorRole,
      kind: 'enum',
      vocabulary: vocabulary(USER_ROLES, USER_ROLE_LABELS),
      filter: { kind: 'enum', path: ['actorRole'] },
      width: 150,
      hide: true,
    },
    {
      field: 'changed',
      header: (t) => t.colChangedFields,
      kind: 'computed',
      compute: nodeOf,
      format: (v, t, lang) => changeSummary(v as ChangeNode, t, lang),
      render: (v) => <ChangedCell change={v as ChangeNode} />,
      flex: 1,
      minWidth: 220,
    },
  ],
};

/** The changed row before and after, field by field in the reader's words; the fields that differ stand out. */
export function ChangeDetail({ row }: { row: EntityRow }) {
  const { t, lang } = useI18n();
  const n = row.node as ChangeNode;
  const nameOf = useNames(idsToName(n));
  const b = n.before && typeof n.before === 'object' ? (n.before as Record<string, unknown>) : null;
  const a = n.after && typeof n.after === 'object' ? (n.after as Record<string, unknown>) : null;
  const show = (f: string, v: unknown) => valueText(n.entity, f, v, t, lang, nameOf);
  return (
    <div className="change-detail">
      <h2 className="sub-title">{t.changeDetailTitle(changeTitle(n, t, nameOf))}</h2>
      <div className="change-table-wrap">
        <table className="change-table" data-testid="change-table">
          <thead>
            <tr>
              <th>{t.changeField}</th>
              <th>{t.changeBefore}</th>
              <th>{t.changeAfter}</th>
            </tr>
          </thead>
          <tbody>
            {allFields(b, a).map((f) => {
              const differs = JSON.stringify(b?.[f] ?? null) !== JSON.stringify(a?.[f] ?? null);
              return (
                <tr key={f} className={differs ? 'changed' : undefined} data-field={f}>
                  <th scope="row">{fieldLabel(f, lang)}</th>
                  <td>{b ? show(f, b[f]) : ''}</td>
                  <td>{a ? show(f, a[f]) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
