import { registryReads } from '@fvm/db';
import type { SQL, SQLWrapper } from 'drizzle-orm';
import { builder } from './builder';
import type { EnumRef } from '@pothos/core';
import type { PothosTypes } from './builder';
import type { GraphQLContext } from './context';
import { entities, rootWhere, type Entity } from './entity';

// Counts grouped by chosen dimensions, for analysts: one SQL statement selects each matching
// row's dimension values (with the same filter and visibility as the entity's connection), and the
// counting happens on that narrow result. Registry tables are thousands of rows, not millions.

export interface Dimension {
  description: string;
  /** The value to group by, as SQL over the entity's (aliased) table. */
  sql: (table: Record<string, SQLWrapper>) => SQL;
  /** Output type: a scalar, an enum ref, or the name of an entity whose rows the values are ids of. */
  type: 'Int' | 'String' | 'Boolean' | { enumRef: EnumRef<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, string, string> } | { entity: string };
}

/** One group: its count and the dimension values its rows share (ids replaced by rows before it is answered). */
interface Group {
  count: number;
  values: Record<string, unknown>;
}

export function defineAggregate(entityName: string, fieldName: string, description: string, dimensions: Record<string, Dimension>) {
  const entity = () => entities.get(entityName)!;
  const keys = Object.keys(dimensions);
  const fieldOf = (key: string) => key.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

  const GroupBy = builder.enumType(`${entityName}Dimension`, {
    description: `What ${entityName} rows can be counted by.`,
    values: Object.fromEntries(keys.map((k) => [k, { value: k, description: dimensions[k]!.description }])),
  });
  const Group = builder.objectRef<Group>(`${entityName}Count`).implement({
    description: `How many ${entityName} rows share one combination of the chosen dimensions; dimensions not chosen are null.`,
    fields: (t) => ({
      count: t.exposeInt('count', { description: 'Number of rows in the group.' }),
      ...Object.fromEntries(
        keys.map((k) => {
          const d = dimensions[k]!;
          const value = (g: Group) => g.values[k] ?? null;
          const field =
            typeof d.type === 'string'
              ? d.type === 'Int'
                ? t.int({ nullable: true, description: d.description, resolve: (g) => value(g) as number | null })
                : d.type === 'Boolean'
                  ? t.boolean({ nullable: true, description: d.description, resolve: (g) => value(g) as boolean | null })
                  : t.string({ nullable: true, description: d.description, resolve: (g) => value(g) as string | null })
              : 'enumRef' in d.type
                ? t.field({ type: d.type.enumRef, nullable: true, description: d.description, resolve: (g) => value(g) as string | null })
                : t.field({ type: entities.get(d.type.entity)!.ref, nullable: true, description: d.description, resolve: value });
          return [fieldOf(k), field];
        }),
      ),
    }),
  });

  builder.queryField(fieldName, (t) =>
    t.field({
      type: [Group],
      description,
      args: {
        groupBy: t.arg({ type: [GroupBy], required: true, description: 'The dimensions to group by, e.g. [OPTION, STATUS].' }),
        filter: t.arg({ type: entity().filterRef, description: 'Count only rows that meet these conditions.' }),
      },
      resolve: async (_root: unknown, args: { groupBy: string[]; filter?: unknown }, ctx: GraphQLContext) => {
        const e: Entity = entity();
        // In id order: groups of equal count keep the order their first rows had, on every engine.
        const rows = await registryReads(ctx.stores.registry, e.table).findMany({
          where: rootWhere(ctx, e, args.filter),
          orderBy: { id: 'asc' },
          columns: {},
          extras: Object.fromEntries(args.groupBy.map((k) => [k, dimensions[k]!.sql])),
        });
        const groups = new Map<string, Group>();
        for (const row of rows) {
          const id = JSON.stringify(args.groupBy.map((k) => row[k]));
          const g = groups.get(id) ?? { count: 0, values: Object.fromEntries(args.groupBy.map((k) => [k, row[k]])) };
          g.count++;
          groups.set(id, g);
        }
        const result = [...groups.values()].sort((a, b) => b.count - a.count);
        await resolveEntityValues(ctx, args.groupBy, dimensions, result);
        return result;
      },
    }),
  );
}

/** Replaces ids with the rows they name (one query per dimension), honouring visibility. */
async function resolveEntityValues(ctx: GraphQLContext, keys: string[], dimensions: Record<string, Dimension>, groups: { values: Record<string, unknown> }[]) {
  for (const k of keys) {
    const type = dimensions[k]!.type;
    if (typeof type === 'string' || !('entity' in type)) continue;
    const target = entities.get(type.entity)!;
    const ids = [...new Set(groups.map((g) => g.values[k]).filter((v) => v != null))] as number[];
    const rows = ids.length
      ? await registryReads(ctx.stores.registry, target.table).findMany({ where: { AND: [{ id: { in: ids } }, rootWhere(ctx, target, undefined)] } })
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const g of groups) g.values[k] = byId.get(g.values[k] as number) ?? null;
  }
}
