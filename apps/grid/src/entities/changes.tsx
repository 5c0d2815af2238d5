import { USER_ROLE_LABELS, USER_ROLES } from '@fvm/domain';
import type { EntityConfig, EntityRow } from '../editing/entity';
import type { Vocabulary } from '../editing/values';
import { graphql, type ResultOf } from '../graphql';
import { DICTIONARIES, useI18n } from '../i18n';
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
type Json = Record<string, unknown> | null;

/** Bookkeeping every row carries: not what anyone changed. */
const BOOKKEEPING = new Set(['version', 'updatedAt', 'createdAt']);

const OPERATIONS: Vocabulary = {
  values: ['create', 'update', 'delete'],
  labels: {
    create: { sv: DICTIONARIES.sv.opCreate, en: DICTIONARIES.en.opCreate },
    update: { sv: DICTIONARIES.sv.opUpdate, en: DICTIONARIES.en.opUpdate },
    delete: { sv: DICTIONARIES.sv.opDelete, en: DICTIONARIES.en.opDelete },
  },
};

const asObject = (v: unknown): Json => (v && typeof v === 'object' ? (v as Record<string, unknown>) : null);
const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The fields a change touched, with the value before and after: for a create or delete, those with a value. */
export function changedFields(before: unknown, after: unknown): { field: string; before: unknown; after: unknown }[] {
  const b = asObject(before);
  const a = asObject(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => !BOOKKEEPING.has(k));
  return keys
    .map((field) => ({ field, before: b?.[field] ?? null, after: a?.[field] ?? null }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after))
    .filter((c) => (b && a ? true : (c.before ?? c.after) !== null));
}

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
    values: { at: n.at, entity: n.entity, entityId: n.entityId, operation: lower(n.operation), actorRole: lower(n.actorRole), actorOrganisation: n.actorOrganisation?.name ?? '' },
    labels: {},
    node: n,
  }),
  columns: [
    { field: 'at', header: (t) => t.colAt, kind: 'text', order: 'AT', filter: { kind: 'text', path: ['at'] }, format: (v) => String(v ?? '').replace('T', ' ').slice(0, 19), width: 178 },
    { field: 'entity', header: (t) => t.colEntity, kind: 'text', order: 'ENTITY', filter: { kind: 'text', path: ['entity'] }, width: 130 },
    { field: 'entityId', header: (t) => t.colEntityId, kind: 'int', filter: { kind: 'number', path: ['entityId'] }, width: 80 },
    { field: 'operation', header: (t) => t.colOperation, kind: 'enum', vocabulary: OPERATIONS, filter: { kind: 'enum', path: ['operation'] }, width: 110 },
    { field: 'actorOrganisation', header: (t) => t.colActorOrganisation, kind: 'text', filter: { kind: 'text', path: ['actorOrganisation', 'name'] }, width: 170 },
    { field: 'actorRole', header: (t) => t.colActorRole, kind: 'enum', vocabulary: vocabulary(USER_ROLES, USER_ROLE_LABELS), filter: { kind: 'enum', path: ['actorRole'] }, width: 150, hide: true },
    {
      field: 'changed',
      header: (t) => t.colChangedFields,
      kind: 'computed',
      compute: (_v, row) => {
        const n = row.node as ChangeNode;
        return changedFields(n.before, n.after)
          .map((c) => (n.operation === 'UPDATE' ? `${c.field}: ${show(c.before)} → ${show(c.after)}` : `${c.field}: ${show(c.before ?? c.after)}`))
          .join('; ');
      },
      flex: 1,
      minWidth: 320,
    },
  ],
};

/** The changed row before and after, field by field; the fields that differ stand out. */
export function ChangeDetail({ row }: { row: EntityRow }) {
  const { t } = useI18n();
  const n = row.node as ChangeNode;
  const b = asObject(n.before);
  const a = asObject(n.after);
  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return (
    <div className="change-detail">
      <h2 className="sub-title">{t.changeDetailTitle(n.entity, n.entityId)}</h2>
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
            {fields.map((f) => {
              const differs = JSON.stringify(b?.[f] ?? null) !== JSON.stringify(a?.[f] ?? null);
              return (
                <tr key={f} className={differs ? 'changed' : undefined}>
                  <th scope="row">{f}</th>
                  <td>{b ? show(b[f]) : ''}</td>
                  <td>{a ? show(a[f]) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
