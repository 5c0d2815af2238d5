import type { EntityWriteSpec, RegistryColumn, RegistryRelation, RegistryTable, Relations } from '@fvm/db';
import { registryColumns, registryReads, relationTarget } from '@fvm/db';
import { sql, type BuildQueryResult, type SQLWrapper } from 'drizzle-orm';
import type { EnumRef, FieldMap, ObjectRef, InputObjectRef } from '@pothos/core';
import type { DrizzleObjectFieldBuilder, drizzleTableName } from '@pothos/plugin-drizzle';
import { builder, type PothosTypes } from './builder';
import { dynamicFields, type DynamicFieldBuilder } from './dynamicFields';
import type { GraphQLContext } from './context';
import { BooleanFilter, columnCondition, DateFilter, decodeId, enumFilter, IDFilter, IntFilter, searchCondition, StringFilter } from './filters';
import { OrderDirection } from './scalars';
import { andWhere, visibleWhere } from './visibility';
import type { Viewer } from '@fvm/domain';

// One definition per entity produces, consistently: the Relay node type, its filter and order
// inputs, the root connection, relation fields that respect visibility, and (see mutations.ts)
// the bulk mutations. Each file under types/ holds only what is particular to its entity.
//
// A definition is typed by its table: a column, relation, search or sort key the table does not
// have is a type error where the entity is defined (see test/entityTypes.test.ts).

type Where = Record<string, unknown>;

export type ScalarKind = 'String' | 'Int' | 'Boolean' | 'Date' | 'DateTime';
export interface EnumKind<V extends string = string> {
  enumName: string;
  ref: EnumRef<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, V, V>;
  label: string;
  /** Its columns may hold no value (unknown): the filter offers isNull. */
  nullable?: boolean;
}

export interface ColumnDef<Column extends string = never> {
  type: ScalarKind | EnumKind;
  description: string;
  /** Sortable in `orderBy`. */
  order?: boolean;
  /** Left out of the filter input (e.g. long free text). */
  noFilter?: boolean;
  /** Not exposed as an output field (still writable if the spec says so). */
  hidden?: boolean;
  /** The table column, when the GraphQL name differs (Municipality.code is municipalityCode). */
  column?: Column;
}

/**
 * The columns of an entity over table `T`: each key is a column of `T`, or names one in `column`.
 */
export type EntityColumns<T extends RegistryTable, C> = {
  [K in keyof C]: K extends RegistryColumn<T> ? ColumnDef<RegistryColumn<T>> : ColumnDef<RegistryColumn<T>> & { column: RegistryColumn<T> };
};

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

/** A filter field that is not a column condition (a review item's rule is a bit of its mask). */
export interface CustomFilter {
  type: EnumRef<Types, string, string>;
  description: string;
  where: (value: unknown) => Where;
}

/** A custom filter over enum `type`: GraphQL has checked the value against the enum before `where` sees it. */
export function customFilter<V extends string>(type: EnumRef<Types, V, V>, description: string, where: (value: V) => Where): CustomFilter {
  return { type, description, where: (value) => where(value as V) };
}

type Types = PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>;
/** A table with an `id` column: the ones a Relay node type can stand on. */
export type EntityTable = { [K in RegistryTable]: 'id' extends RegistryColumn<K> ? K : never }[RegistryTable];
/**
 * What a node type's resolvers see of its row before a field selects columns: nothing (see
 * `select: {}` below); marked with its table, as Pothos marks a Drizzle object's shape.
 */
type NodeShape<T extends EntityTable> = BuildQueryResult<Relations, Relations[T], { columns: Record<never, true> }> & { [drizzleTableName]?: T };
/**
 * Pothos's own field builder for table `T`'s node type, for the fields particular to an entity: a
 * field declares the columns and relations it reads in `select`, and its resolver's row is typed
 * from that selection, so a misspelt or unselected column is a type error.
 */
export type EntityFieldBuilder<T extends EntityTable> = DrizzleObjectFieldBuilder<Types, Relations[T], NodeShape<T>>;

export interface EntityDef<T extends EntityTable = EntityTable, C = Record<string, ColumnDef>> {
  name: string;
  table: T;
  /** A second GraphQL type over the same table (Municipality over organisations). */
  variant?: boolean;
  /** Rows of the table this type covers (kind = 'municipality'). */
  baseWhere?: { [K in RegistryColumn<T>]?: unknown };
  description: string;
  /** Root connection field name; omitted for entities reached only through others. */
  plural?: string;
  pluralDescription?: string;
  columns: C;
  refs?: { [K in RegistryColumn<T>]?: RefDef };
  relations?: { [K in RegistryRelation<T>]?: RelationDef };
  /** Columns a free-text `search` matches. */
  search?: readonly RegistryColumn<T>[];
  defaultOrder?: { [K in RegistryColumn<T>]?: 'asc' | 'desc' };
  fields?: (t: EntityFieldBuilder<T>) => FieldMap;
  write?: { spec: EntityWriteSpec<unknown>; plural: string; operations?: readonly ('create' | 'update' | 'delete')[] };
  filters?: Record<string, CustomFilter>;
  /** Leave out the registry bookkeeping fields (version, owner, history): for the change log itself. */
  bare?: boolean;
}

/** An entity as the machinery keeps it, whatever its table: names were checked where it was defined. */
export interface Entity {
  name: string;
  table: EntityTable;
  variant?: boolean;
  baseWhere?: Where;
  description: string;
  plural?: string;
  pluralDescription?: string;
  columns: Readonly<Record<string, ColumnDef<string>>>;
  refs?: Readonly<Record<string, RefDef | undefined>>;
  relations?: Readonly<Record<string, RelationDef | undefined>>;
  search?: readonly string[];
  defaultOrder?: Readonly<Record<string, 'asc' | 'desc' | undefined>>;
  write?: { spec: EntityWriteSpec<unknown>; plural: string; operations?: readonly ('create' | 'update' | 'delete')[] };
  filters?: Readonly<Record<string, CustomFilter>>;
  bare?: boolean;
  ref: ObjectRef<Types, unknown>;
  filterRef: InputObjectRef<Types, Where>;
  listFilterRef: InputObjectRef<Types, Where>;
  orderRef: InputObjectRef<Types, { field: string; direction?: 'asc' | 'desc' | null }>;
}

export const entities = new Map<string, Entity>();
/** GraphQL type name → table, for node(id) lookups. */
export const tableOfType = new Map<string, { table: RegistryTable; baseWhere?: Where }>();

const scalarFilters = {
  String: StringFilter,
  Int: IntFilter,
  Boolean: BooleanFilter,
  Date: DateFilter,
  DateTime: StringFilter,
} as const;

function isNullable(table: RegistryTable, column: string) {
  const col = registryColumns(table)[column];
  if (!col) throw new Error(`${table} has no column ${column}`);
  return !col.notNull;
}

export function defineEntity<T extends EntityTable, C extends EntityColumns<T, C>>(def: EntityDef<T, C>): Entity {
  const filterRef = builder.inputRef<Where>(`${def.name}Filter`);
  const listFilterRef = builder.inputRef<Where>(`${def.name}ListFilter`);
  const orderRef = builder.inputRef<{ field: string; direction?: 'asc' | 'desc' | null }>(`${def.name}Order`);
  const { fields, ...rest } = def;

  // The fields are read when the schema is built, after `entity` below exists.
  const ref: Entity['ref'] = builder.drizzleNode(def.table, {
    ...(def.variant ? { variant: def.name } : { name: def.name }),
    description: def.description,
    // Load only the columns a query asks for (each exposed field selects its own column; custom
    // fields declare theirs): a wide table is not read whole for one field.
    select: {},
    id: { column: (t) => t.id, description: 'Global ID (Relay): pass it to `node(id:)` or to a mutation.' },
    fields: (t) => {
      const d = dynamicFields(t);
      return {
        ...Object.fromEntries(
          Object.entries(entity.columns)
            .filter(([, c]) => !c.hidden)
            .map(([key, c]) => [key, exposeColumn(d, entity.table, key, c)]),
        ),
        ...Object.fromEntries(relationEntries(entity).map(([key, r]) => [key, relationField(d, entity.table, key, r)])),
        ...(def.bare ? {} : commonFields(d, entity)),
        ...(fields?.(t) ?? {}),
      };
    },
  });
  const entity: Entity = { ...rest, ref, filterRef, listFilterRef, orderRef };
  entities.set(def.name, entity);
  tableOfType.set(def.name, { table: def.table, baseWhere: def.baseWhere });

  const orderField = builder.enumType(`${def.name}OrderField`, {
    description: `What ${def.name} rows can be sorted by.`,
    values: Object.fromEntries(
      ['id', ...Object.keys(entity.columns).filter((k) => entity.columns[k]!.order)].map((k) => [
        toEnumName(k),
        { value: entity.columns[k]?.column ?? k, description: k === 'id' ? 'Creation order (the row’s internal number).' : entity.columns[k]!.description },
      ]),
    ),
  });
  orderRef.implement({
    description: `One sort key for ${def.name} rows; give several for ties.`,
    fields: (t) => ({
      field: t.field({ type: orderField, required: true, description: 'The column to sort by.' }),
      direction: t.field({ type: OrderDirection, required: false, defaultValue: 'asc', description: 'Ascending unless DESC.' }),
    }),
  });

  filterRef.implement({
    description: `Conditions on ${def.name} rows. All given fields must hold; use AND, OR and NOT to combine.`,
    fields: (t) => ({
      id: t.field({ type: IDFilter, description: 'The row itself, by global ID.' }),
      ...Object.fromEntries(
        Object.entries(entity.columns)
          .filter(([, c]) => !c.noFilter)
          .map(([key, c]) => [
            key,
            typeof c.type === 'string'
              ? t.field({ type: scalarFilters[c.type], description: c.description })
              : t.field({ type: enumFilter(c.type.enumName, c.type.ref, c.type.label, c.type.nullable), description: c.description }),
          ]),
      ),
      ...Object.fromEntries(refEntries(entity).map(([key, r]) => [key, t.field({ type: IDFilter, description: r.description })])),
      ...Object.fromEntries(
        relationEntries(entity).map(([key, r]) => {
          const target = entityForRelation(entity.table, key, r);
          return [
            key,
            t.field({
              type: r.many ? target.listFilterRef : target.filterRef,
              description: r.many
                ? `${r.description} Matches when some or none of them meet the condition.`
                : `${r.description} Matches when it meets the condition.`,
            }),
          ];
        }),
      ),
      ...(def.bare
        ? {}
        : {
            owner: t.field({
              type: entities.get('Organisation')!.filterRef,
              description: 'The owning organisation (ägare). Matches when it meets the condition, e.g. `{ id: { eq: $myOrganisation } }` for your own rows.',
            }),
          }),
      ...(entity.search ? { search: t.string({ description: `Free text matched against ${entity.search.join(', ')}.` }) } : {}),
      ...Object.fromEntries(Object.entries(entity.filters ?? {}).map(([key, f]) => [key, t.field({ type: f.type, description: f.description })])),
      AND: t.field({ type: [filterRef], description: 'Every one of these conditions holds.' }),
      OR: t.field({ type: [filterRef], description: 'At least one of these conditions holds.' }),
      NOT: t.field({ type: filterRef, description: 'This condition does not hold.' }),
    }),
  });
  listFilterRef.implement({
    description: `Conditions on a list of related ${def.name} rows.`,
    fields: (t) => ({
      some: t.field({ type: filterRef, description: `At least one related ${def.name} meets this condition (use {} for "has any").` }),
      none: t.field({ type: filterRef, description: `No related ${def.name} meets this condition (use {} for "has none").` }),
    }),
  });

  if (def.plural) {
    builder.queryField(def.plural, (t) =>
      dynamicFields(t).drizzleConnection({
        type: entity.ref,
        description: def.pluralDescription ?? `${def.name} rows, filtered and sorted, page by page.`,
        args: listArgs(dynamicFields(t), entity),
        totalCount: (_parent, args, ctx) => countRows(ctx, entity, args.filter),
        resolve: (query, _parent, args, ctx) =>
          registryReads(ctx.stores.registry, entity.table).findMany(query({ where: rootWhere(ctx, entity, args.filter), ...orderQuery(entity, args.orderBy) })),
      }),
    );
  }
  return entity;
}

function refEntries(entity: Entity): [string, RefDef][] {
  return Object.entries(entity.refs ?? {}).filter((e): e is [string, RefDef] => e[1] !== undefined);
}

function relationEntries(entity: Entity): [string, RelationDef][] {
  return Object.entries(entity.relations ?? {}).filter((e): e is [string, RelationDef] => e[1] !== undefined);
}

function toEnumName(key: string) {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

type ArgBuilder = Pick<DynamicFieldBuilder, 'arg'>;

function listArgs(t: ArgBuilder, entity: Entity) {
  return {
    filter: t.arg({ type: entity.filterRef, description: 'Only rows that meet these conditions.' }),
    orderBy: t.arg({
      type: [entity.orderRef],
      description: 'Sort keys, most significant first. Rows that tie are ordered by ID, so pages never skip or repeat a row.',
    }),
  };
}

function exposeColumn(t: DynamicFieldBuilder, table: RegistryTable, key: string, c: ColumnDef<string>) {
  const type = typeof c.type === 'string' ? c.type : c.type.ref;
  const column = c.column ?? key;
  return t.expose(column, { type, nullable: isNullable(table, column), description: c.description });
}

function entityForRelation(table: RegistryTable, relation: string, r: RelationDef): Entity {
  const targetTable = relationTarget(table, relation as RegistryRelation<RegistryTable>);
  const name = r.type ?? [...entities.values()].find((e) => e.table === targetTable && !e.variant)?.name;
  const target = name ? entities.get(name) : undefined;
  if (!target) throw new Error(`no GraphQL entity for ${table}.${relation} (${targetTable})`);
  return target;
}

function relationField(t: DynamicFieldBuilder, table: RegistryTable, key: string, r: RelationDef) {
  const target = () => entityForRelation(table, key, r);
  const targetTable = relationTarget(table, key as RegistryRelation<RegistryTable>);
  if (!r.many) {
    return t.relation(key, {
      description: r.description,
      nullable: true,
      ...(r.type ? { type: entities.get(r.type)!.ref } : {}),
      query: (_args, ctx) => ({ where: visibleWhere(ctx.viewer, targetTable) ?? {} }),
    });
  }
  return t.relatedConnection(key, {
    description: r.description,
    totalCount: true,
    ...(r.type ? { type: entities.get(r.type)!.ref } : {}),
    args: listArgs(t, target()),
    query: (args, ctx) => ({
      where: andWhere(visibleWhere(ctx.viewer, targetTable), buildWhere(target(), args.filter, ctx.viewer)) ?? {},
      ...orderQuery(target(), args.orderBy),
    }),
  });
}
function commonFields(t: DynamicFieldBuilder, def: Entity) {
  return {
    version: t.exposeInt('version', {
      description: 'Row version (radversion). Send it back with an update; if the row changed since, the update is a conflict, not an overwrite.',
    }),
    isDemo: t.exposeBoolean('isDemo', { description: 'true for generated demo data (demodata), never for reference or real data.' }),
    createdAt: t.exposeString('createdAt', { description: 'When the row was created (UTC).' }),
    updatedAt: t.exposeString('updatedAt', { description: 'When the row was last changed (UTC).' }),
    owner: t.relation('owner', {
      description: 'The organisation that owns the row (ägare): only it, or a regional admin, may change it.',
      nullable: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx.viewer, 'organisations') ?? {} }),
    }),
    history: t.relatedConnection('history', {
      description: `Every change to this ${def.name}, newest first: who, when, and the row before and after.`,
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx.viewer, 'changes') ?? {}, orderBy: { id: 'desc' } }),
    }),
  };
}

/**
 * Translates a GraphQL filter into Drizzle's relational `where`, recursively through relations.
 * A condition on related rows only ever sees the related rows the viewer may see: otherwise a
 * filter would reveal, by what it matches, rows that queries hide.
 */
export function buildWhere(entity: Entity, filter: Where | null | undefined, viewer: Viewer | null): Where | undefined {
  if (!filter) return undefined;
  const parts: Where[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const list = (value as Where[]).map((f) => buildWhere(entity, f, viewer) ?? {});
      if (list.length) parts.push({ [key]: list });
    } else if (key === 'NOT') {
      parts.push({ NOT: buildWhere(entity, value as Where, viewer) ?? {} });
    } else if (key === 'search') {
      parts.push(searchCondition(entity.search!, String(value)));
    } else if (entity.filters?.[key]) {
      parts.push(entity.filters[key]!.where(value));
    } else if (key === 'id') {
      parts.push(columnCondition('id', value as Where, (v) => decodeId(v, typesOfTable(entity.table), 'filter.id')));
    } else if (entity.refs?.[key]) {
      const types = entity.refs[key]!.types;
      parts.push(columnCondition(key, value as Where, (v) => decodeId(v, types, `filter.${key}`)));
    } else if (entity.relations?.[key] || (key === 'owner' && !entity.bare)) {
      const r = entity.relations?.[key] ?? { description: '', type: 'Organisation' };
      const target = entityForRelation(entity.table, key, r);
      const related = (condition: Where | undefined) =>
        andWhere(visibleWhere(viewer, target.table), target.baseWhere, buildWhere(target, condition, viewer)) ?? { id: { isNotNull: true } };
      const list = value as { some?: Where; none?: Where };
      if (!r.many) parts.push({ [key]: related(value as Where) });
      else {
        if (list.some) parts.push({ [key]: related(list.some) });
        if (list.none) parts.push({ NOT: { [key]: related(list.none) } });
      }
    } else {
      parts.push(columnCondition(entity.columns[key]?.column ?? key, value as Where));
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
export function orderQuery(entity: Entity, orderBy: readonly { field: string; direction?: 'asc' | 'desc' | null }[] | null | undefined) {
  const keys = orderBy?.length ? orderBy : Object.entries(entity.defaultOrder ?? { id: 'asc' as const }).map(([field, direction]) => ({ field, direction }));
  const order: Record<string, 'asc' | 'desc'> = {};
  const extras: Record<string, (table: Record<string, SQLWrapper>) => SQLWrapper> = {};
  for (const { field, direction } of keys) {
    if (field !== 'id' && isNullable(entity.table, field)) {
      const alias = `${field}SortKey`;
      const isNumber = Object.values(entity.columns).find((c) => (c.column ?? '') === field)?.type === 'Int' || entity.columns[field]?.type === 'Int';
      extras[alias] = (table: Record<string, SQLWrapper>) =>
        isNumber ? sql`coalesce(${table[field]}, -9007199254740991)` : sql`coalesce(${table[field]}, '')`;
      order[alias] = direction ?? 'asc';
    } else order[field] = direction ?? 'asc';
  }
  return Object.keys(extras).length ? { orderBy: order, extras } : { orderBy: order };
}

/** COUNT(*) OVER () on the first row: the same where as the page, in one statement. */
async function countRows(ctx: GraphQLContext, entity: Entity, filter: unknown): Promise<number> {
  const row = await registryReads(ctx.stores.registry, entity.table).findFirst({
    where: rootWhere(ctx, entity, filter),
    columns: { id: true },
    extras: { total: () => sql<number>`count(*) over ()` },
  });
  return row ? Number(row.total) : 0;
}
