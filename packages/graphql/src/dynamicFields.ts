import type { FieldRef, InputFieldRef } from '@pothos/core';
import type { PothosTypes } from './builder';
import type { GraphQLContext } from './context';

// Pothos checks a field's name against the static row shape of its table, which only works when
// the name is written in the source. The entity machinery builds fields from definitions instead:
// their names are checked against the table where each entity is defined (EntityDef in
// entity.ts), so here they travel as strings. This is the one place where Pothos's field builder
// is seen through that narrower, string-keyed view; nothing else in the schema uses it (an
// entity's own fields get Pothos's builder for its table: EntityFieldBuilder in entity.ts).

type Where = Record<string, unknown>;
type OrderKey = { field: string; direction?: 'asc' | 'desc' | null };
export interface ListArgs {
  filter?: Where | null;
  orderBy?: OrderKey[] | null;
}
type Types = PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>;
type Field = FieldRef<Types>;

export interface DynamicFieldBuilder {
  arg(options: { type: unknown; description: string; required?: boolean }): InputFieldRef<Types, unknown>;
  expose(column: string, options: { type: unknown; nullable: boolean; description: string }): Field;
  exposeInt(column: string, options: { description: string }): Field;
  exposeBoolean(column: string, options: { description: string }): Field;
  exposeString(column: string, options: { description: string }): Field;
  relation(
    name: string,
    options: { description: string; nullable: boolean; type?: unknown; query: (args: unknown, ctx: GraphQLContext) => { where: Where } },
  ): Field;
  relatedConnection(
    name: string,
    options: {
      description: string;
      totalCount: boolean;
      type?: unknown;
      args?: Record<string, unknown>;
      query: (args: ListArgs, ctx: GraphQLContext) => { where: Where; orderBy?: Record<string, unknown>; extras?: Record<string, unknown> };
    },
  ): Field;
  drizzleConnection(options: {
    type: unknown;
    description: string;
    args: Record<string, unknown>;
    totalCount: (parent: unknown, args: ListArgs, ctx: GraphQLContext) => Promise<number>;
    resolve: (query: (config: Where) => Where, parent: unknown, args: ListArgs, ctx: GraphQLContext) => PromiseLike<unknown[]>;
  }): Field;
}

/** Pothos's field builder (a node type's or the Query type's), string-keyed: see above. */
export function dynamicFields(t: object): DynamicFieldBuilder {
  return t as DynamicFieldBuilder;
}
