import type { EntityWriteSpec } from '@fvm/db';
import { relations } from '@fvm/db';
import { getTableColumns, sql } from 'drizzle-orm';
import type { EnumRef } from '@pothos/core';
import { builder } from './builder';
import type { GraphQLContext } from './context';
import { BooleanFilter, columnCondition, DateFilter, decodeId, enumFilter, IDFilter, IntFilter, searchCondition, StringFilter } from './filters';
import { OrderDirection } from './scalars';
import { andWhere, visibleWhere } from './visibility';
import type { Viewer } from '@fvm/domain';

// One definition per entity produces, consistently: the Relay node type, its filter and order
// inputs, the root connection, relation fields that respect visibility, and (see mutations.ts)
// the bulk mutations. Each file under types/ holds only what is particular to its entity.

/* eslint-disable @typescript-eslint/no-explicit-any */
const b = builder as any;
type Where = Record<string, unknown>;

export type ScalarKind = 'String' | 'Int' | 'Boolean' | 'Date' | 'DateTime';
export interface EnumKind {
  enumName: string;
  ref: EnumRef<any, any>;
  label: string;
  /** Its columns may hold no value (unknown): the filter offers isNull. */
  nullable?: boolean;
}

export interface ColumnDef {
  type: ScalarKind | EnumKind;
  description: string;
  /** Sortable in `orderBy`. */
  order?: boolean;
  /** Left out of the filter input (e.g. long free text). */
  noFilter?: boolean;
  /** Not exposed as an output field (still writable if the spec says so). */
  hidden?: boolean;
  /** The table column, when the GraphQL name differs (Municipality.code is municipalityCode). */
  column?: string;
}

/** A foreign-key column: written and filtered as a global ID of one of `types`. */
export interface RefDef {
  types: readonly string[];
  description: string;
}

export interface RelationDef {
  description: string;
  /** The GraphQL type of the related row when it is not the table's primary type (e.g. Municipality). */
  type?: string;
  /** Many-relations become connections with their own filter and order. */
  many?: boolean;
}

export interface EntityDef {
  name: string;
  table: string;
  /** A second GraphQL type over the same table (Municipality over organisations). */
  variant?: boolean;
  /** Rows of the table this type covers (kind = 'municipality'). */
  baseWhere?: Where;
  description: string;
  /** Root connection field name; omitted for entities reached only through others. */
  plural?: string;
  pluralDescription?: string;
  columns: Record<string, ColumnDef>;
  refs?: Record<string, RefDef>;
  relations?: Record<string, RelationDef>;
  /** Columns a free-text `search` matches. */
  search?: readonly string[];
  defaultOrder?: Record<string, 'asc' | 'desc'>;
  fields?: (t: any) => Record<string, unknown>;
  write?: { spec: EntityWriteSpec<any>; plural: string; operations?: readonly ('create' | 'update' | 'delete')[] };
  /** Filter fields that are not a column condition (a review item's rule is a bit of its mask). */
  filters?: Record<string, { type: unknown; description: string; where: (value: any) => Where }>;
  /** Leave out the registry bookkeeping fields (version, owner, history): for the change log itself. */
  bare?: boolean;
}

export interface Entity extends EntityDef {
  ref: any;
  filterRef: any;
  listFilterRef: any;
  orderRef: any;
}

export const entities = new Map<string, Entity>();
/** GraphQL type name → table, for node(id) lookups. */
export const tableOfType = new Map<string, { table: string; baseWhere?: Where }>();

const scalarFilters: Record<ScalarKind, unknown> = {
  String: StringFilter,
  Int: IntFilter,
  Boolean: BooleanFilter,
  Date: DateFilter,
  DateTime: StringFilter,
};

function tableColumns(table: string): Record<string, { notNull: boolean }> {
  return getTableColumns((relations as any)[table].table);
}

function isNullable(table: string, column: string) {
  const col = tableColumns(table)[column];
  if (!col) throw new Error(`${table} has no column ${column}`);
  return !col.notNull;
}

function relationTargetTable(table: string, relation: string): string {
  const rel = (relations as any)[table].relations[relation];
  if (!rel) throw new Error(`${table} has no relation ${relation}`);
  return rel.targetTableName ?? rel.targetTable?.[Symbol.for('drizzle:Name')] ?? findTableKey(rel.targetTable);
}

function findTableKey(tableObj: unknown): string {
  for (const [key, value] of Object.entries(relations as any)) if ((value as any).table === tableObj) return key;
  throw new Error('unknown relation target');
}

export function defineEntity(def: EntityDef): Entity {
  const entity = { ...def } as Entity;
  entities.set(def.name, entity);
  tableOfType.set(def.name, { table: def.table, baseWhere: def.baseWhere });

  entity.ref = b.drizzleNode(def.table, {
    ...(def.variant ? { variant: def.name } : { name: def.name }),
    description: def.description,
    // Load only the columns a query asks for (each exposed field selects its own column; custom
    // fields declare theirs): a wide table is not read whole for one field.
    select: {},
    id: { column: (t: any) => t.id, description: 'Global ID (Relay): pass it to `node(id:)` or to a mutation.' },
    fields: (t: any) => ({
      ...Object.fromEntries(
        Object.entries(def.columns)
          .filter(([, c]) => !c.hidden)
          .map(([key, c]) => [key, exposeColumn(t, def.table, key, c)]),
      ),
      ...Object.fromEntries(Object.entries(def.relations ?? {}).map(([key, r]) => [key, relationField(t, def.table, key, r)])),
      ...(def.bare ? {} : commonFields(t, def)),
      ...(def.fields?.(t) ?? {}),
    }),
  });

  entity.filterRef = b.inputRef(`${def.name}Filter`);
  entity.listFilterRef = b.inputRef(`${def.name}ListFilter`);
  const orderField = b.enumType(`${def.name}OrderField`, {
    description: `What ${def.name} rows can be sorted by.`,
    values: Object.fromEntries(
      ['id', ...Object.keys(def.columns).filter((k) => def.columns[k]!.order)].map((k) => [
        toEnumName(k),
        { value: def.columns[k]?.column ?? k, description: k === 'id' ? 'Creation order (the row’s internal number).' : def.columns[k]!.description },
      ]),
    ),
  });
  entity.orderRef = b.inputType(`${def.name}Order`, {
    description: `One sort key for ${def.name} rows; give several for ties.`,
    fields: (t: any) => ({
      field: t.field({ type: orderField, required: true, description: 'The column to sort by.' }),
      direction: t.field({ type: OrderDirection, required: false, defaultValue: 'asc', description: 'Ascending unless DESC.' }),
    }),
  });

  entity.filterRef.implement({
    description: `Conditions on ${def.name} rows. All given fields must hold; use AND, OR and NOT to combine.`,
    fields: (t: any) => ({
      id: t.field({ type: IDFilter, description: 'The row itself, by global ID.' }),
      ...Object.fromEntries(
        Object.entries(def.columns)
          .filter(([, c]) => !c.noFilter)
          .map(([key, c]) => [
            key,
            t.field({
              type: typeof c.type === 'string' ? scalarFilters[c.type] : enumFilter(c.type.enumName, c.type.ref, c.type.label, c.type.nullable),
              description: c.description,
            }),
          ]),
      ),
      ...Object.fromEntries(Object.entries(def.refs ?? {}).map(([key, r]) => [key, t.field({ type: IDFilter, description: r.description })])),
      ...Object.fromEntries(
        Object.entries(def.relations ?? {}).map(([key, r]) => {
          const target = entityForRelation(def.table, key, r);
          return [
            key,
            t.field({
              type: r.many ? target.listFilterRef : target.filterRef,
              description: r.many ? `${r.description} Matches when some or none of them meet the condition.` : `${r.description} Matches when it meets the condition.`,
            }),
          ];
        }),
      ),
      ...(def.bare ? {} : { owner: t.field({ type: entities.get('Organisation')!.filterRef, description: 'The owning organisation (ägare). Matches when it meets the condition, e.g. `{ id: { eq: $myOrganisation } }` for your own rows.' }) }),
      ...(def.search ? { search: t.string({ description: `Free text matched against ${def.search.join(', ')}.` }) } : {}),
      ...Object.fromEntries(Object.entries(def.filters ?? {}).map(([key, f]) => [key, t.field({ type: f.type, description: f.description })])),
      AND: t.field({ type: [entity.filterRef], description: 'Every one of these conditions holds.' }),
      OR: t.field({ type: [entity.filterRef], description: 'At least one of these conditions holds.' }),
      NOT: t.field({ type: entity.filterRef, description: 'This condition does not hold.' }),
    }),
  });
  entity.listFilterRef.implement({
    description: `Conditions on a list of related ${def.name} rows.`,
    fields: (t: any) => ({
      some: t.field({ type: entity.filterRef, description: `At least one related ${def.name} meets this condition (use {} for "has any").` }),
      none: t.field({ type: entity.filterRef, description: `No related ${def.name} meets this condition (use {} for "has none").` }),
    }),
  });

  if (def.plural) {
    b.queryField(def.plural, (t: any) =>
      t.drizzleConnection({
        type: entity.ref,
        description: def.pluralDescription ?? `${def.name} rows, filtered and sorted, page by page.`,
        args: listArgs(t, entity),
        totalCount: (_parent: unknown, args: any, ctx: GraphQLContext) => countRows(ctx, entity, args.filter),
        resolve: (query: any, _parent: unknown, args: any, ctx: GraphQLContext) =>
          (ctx.stores.registry.query as any)[def.table].findMany(query({ where: rootWhere(ctx, entity, args.filter), ...orderQuery(entity, args.orderBy) })),
      }),
    );
  }
  return entity;
}

function toEnumName(key: string) {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function listArgs(t: any, entity: Entity) {
  return {
    filter: t.arg({ type: entity.filterRef, description: 'Only rows that meet these conditions.' }),
    orderBy: t.arg({ type: [entity.orderRef], description: 'Sort keys, most significant first. Rows that tie are ordered by ID, so pages never skip or repeat a row.' }),
  };
}

function exposeColumn(t: any, table: string, key: string, c: ColumnDef) {
  const type = typeof c.type === 'string' ? c.type : c.type.ref;
  const column = c.column ?? key;
  return t.expose(column, { type, nullable: isNullable(table, column), description: c.description });
}

function entityForRelation(table: string, relation: string, r: RelationDef): Entity {
  const targetTable = relationTargetTable(table, relation);
  const name = r.type ?? [...entities.values()].find((e) => e.table === targetTable && !e.variant)?.name;
  const target = name ? entities.get(name) : undefined;
  if (!target) throw new Error(`no GraphQL entity for ${table}.${relation} (${targetTable})`);
  return target;
}

function relationField(t: any, table: string, key: string, r: RelationDef) {
  const target = () => entityForRelation(table, key, r);
  const targetTable = relationTargetTable(table, key);
  if (!r.many) {
    return t.relation(key, {
      description: r.description,
      nullable: true,
      ...(r.type ? { type: entities.get(r.type)!.ref } : {}),
      query: (_args: unknown, ctx: GraphQLContext) => ({ where: visibleWhere(ctx.viewer, targetTable) ?? {} }),
    });
  }
  return t.relatedConnection(key, {
    description: r.description,
    totalCount: true,
    ...(r.type ? { type: entities.get(r.type)!.ref } : {}),
    args: listArgs(t, target()),
    query: (args: any, ctx: GraphQLContext) => ({
      where: andWhere(visibleWhere(ctx.viewer, targetTable), buildWhere(target(), args.filter, ctx.viewer)) ?? {},
      ...orderQuery(target(), args.orderBy),
    }),
  });
}

function commonFields(t: any, def: EntityDef) {
  return {
    version: t.exposeInt('version', { description: 'Row version (radversion). Send it back with an update; if the row changed since, the update is a conflict, not an overwrite.' }),
    isDemo: t.exposeBoolean('isDemo', { description: 'true for generated demo data (demodata), never for reference or real data.' }),
    createdAt: t.exposeString('createdAt', { description: 'When the row was created (UTC).' }),
    updatedAt: t.exposeString('updatedAt', { description: 'When the row was last changed (UTC).' }),
    owner: t.relation('owner', {
      description: 'The organisation that owns the row (ägare): only it, or a regional admin, may change it.',
      nullable: true,
      query: (_args: unknown, ctx: GraphQLContext) => ({ where: visibleWhere(ctx.viewer, 'organisations') ?? {} }),
    }),
    history: t.relatedConnection('history', {
      description: `Every change to this ${def.name}, newest first: who, when, and the row before and after.`,
      totalCount: true,
      query: (_args: unknown, ctx: GraphQLContext) => ({ where: visibleWhere(ctx.viewer, 'changes') ?? {}, orderBy: { id: 'desc' } }),
    }),
  };
}

/**
 * Translates a GraphQL filter into Drizzle's relational `where`, recursively through relations.
 * A condition on related rows only ever sees the related rows the viewer may see: otherwise a
 * filter would reveal, by what it matches, rows that queries hide.
 */
export function buildWhere(entity: Entity, filter: Record<string, any> | null | undefined, viewer: Viewer | null): Where | undefined {
  if (!filter) return undefined;
  const parts: Where[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const list = (value as any[]).map((f) => buildWhere(entity, f, viewer) ?? {});
      if (list.length) parts.push({ [key]: list });
    } else if (key === 'NOT') {
      parts.push({ NOT: buildWhere(entity, value, viewer) ?? {} });
    } else if (key === 'search') {
      parts.push(searchCondition(entity.search!, String(value)));
    } else if (entity.filters?.[key]) {
      parts.push(entity.filters[key]!.where(value));
    } else if (key === 'id') {
      parts.push(columnCondition('id', value, (v) => decodeId(v, typesOfTable(entity.table), 'filter.id')));
    } else if (entity.refs?.[key]) {
      const types = entity.refs[key]!.types;
      parts.push(columnCondition(key, value, (v) => decodeId(v, types, `filter.${key}`)));
    } else if (entity.relations?.[key] || (key === 'owner' && !entity.bare)) {
      const r = entity.relations?.[key] ?? { description: '', type: 'Organisation' };
      const target = entityForRelation(entity.table, key, r);
      const related = (condition: any) => andWhere(visibleWhere(viewer, target.table), target.baseWhere, buildWhere(target, condition, viewer)) ?? { id: { isNotNull: true } };
      if (!r.many) parts.push({ [key]: related(value) });
      else {
        if (value.some) parts.push({ [key]: related(value.some) });
        if (value.none) parts.push({ NOT: { [key]: related(value.none) } });
      }
    } else {
      parts.push(columnCondition(entity.columns[key]?.column ?? key, value));
    }
  }
  return andWhere(...parts);
}

/** Every GraphQL type over a table: an Organisation's ID and a Municipality's ID both name an organisations row. */
export function typesOfTable(table: string) {
  return [...tableOfType.entries()].filter(([, v]) => v.table === table).map(([k]) => k);
}

export function rootWhere(ctx: GraphQLContext, entity: Entity, filter: unknown): Where {
  return andWhere(visibleWhere(ctx.viewer, entity.table), entity.baseWhere, buildWhere(entity, filter as Where, ctx.viewer)) ?? {};
}

/**
 * Keyset pagination cannot page past NULL (nothing compares after it), so nullable sort columns
 * are sorted through a COALESCE expression that the cursor can compare.
 */
export function orderQuery(entity: Entity, orderBy: { field: string; direction: 'asc' | 'desc' }[] | null | undefined) {
  const keys = orderBy?.length ? orderBy : Object.entries(entity.defaultOrder ?? { id: 'asc' as const }).map(([field, direction]) => ({ field, direction }));
  const order: Record<string, 'asc' | 'desc'> = {};
  const extras: Record<string, unknown> = {};
  for (const { field, direction } of keys) {
    if (field !== 'id' && isNullable(entity.table, field)) {
      const alias = `${field}SortKey`;
      const isNumber = Object.values(entity.columns).find((c) => (c.column ?? '') === field)?.type === 'Int' || entity.columns[field]?.type === 'Int';
      extras[alias] = (table: any) => (isNumber ? sql`coalesce(${table[field]}, -9007199254740991)` : sql`coalesce(${table[field]}, '')`);
      order[alias] = direction ?? 'asc';
    } else order[field] = direction ?? 'asc';
  }
  return Object.keys(extras).length ? { orderBy: order, extras } : { orderBy: order };
}

/** COUNT(*) OVER () on the first row: the same where as the page, in one statement. */
async function countRows(ctx: GraphQLContext, entity: Entity, filter: unknown): Promise<number> {
  const row = await (ctx.stores.registry.query as any)[entity.table].findFirst({
    where: rootWhere(ctx, entity, filter),
    columns: { id: true },
    extras: { total: () => sql<number>`count(*) over ()` },
  });
  return row ? Number(row.total) : 0;
}
