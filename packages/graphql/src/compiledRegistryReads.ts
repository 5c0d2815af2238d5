import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { preparedRegistryReads } from '@fvm/db';
import { registryVisibility, type Viewer } from '@fvm/domain';
import type { GraphQLContext } from './context';
import { costVerdict } from './cost';
import { buildWhere, entities, orderQuery, rootWhere, type Entity } from './entity';
import { andWhere, visibleWhere } from './visibility';

// The uncached path's fast lane for plain registry reads. A query that only reads entity columns,
// their one-relations and their related connections (pages of `nodes` or `edges { node }`) is what
// plugin-drizzle would answer with one relational query per root field anyway; what costs is the
// interpreter around it: some 2,000 resolver calls through graphql-js, Pothos's wrappers and the
// drizzle plugin's selection mapping for the registry's nested page. Here such an operation is
// turned once per document into a plan, and each request runs the plan: the same relational
// queries, with the same conditions (visibility, base rows, filters, order, page size) built by
// the same functions the resolvers call, and the rows written straight into the answer.
//
// Anything the plan does not know (custom fields, cursors, pageInfo, totalCount, fragments,
// directives, a value a non-null field cannot take, a cost over the limit) goes to the
// interpreter, which answers it, errors included, as before. Rights are those of the resolvers
// because the conditions are theirs: a row the viewer may not see is not read.

/** Page size of a connection without `first`, and the most a page may hold (builder.ts). */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

type Where = Record<string, unknown>;
type Row = Record<string, unknown>;

interface LeafPlan {
  kind: 'leaf';
  key: string;
  column: string;
  type: GraphQLLeafType;
  nonNull: boolean;
}
interface ConstantPlan {
  kind: 'constant';
  key: string;
  value: string;
}
interface IdPlan {
  kind: 'id';
  key: string;
  typeName: string;
}
interface OnePlan {
  kind: 'one';
  key: string;
  relation: string;
  entity: Entity;
  fields: FieldPlan[];
}
interface ManyPlan {
  kind: 'many';
  key: string;
  relation: string;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  entity: Entity;
  page: PagePlan[];
}
type FieldPlan = LeafPlan | ConstantPlan | IdPlan | OnePlan | ManyPlan;

/** What a connection's selection asks of its page: its type name, `nodes`, `edges { node }`. */
type PagePlan =
  | ConstantPlan
  | { kind: 'nodes'; key: string; fields: FieldPlan[] }
  | { kind: 'edges'; key: string; edge: (ConstantPlan | { kind: 'node'; key: string; fields: FieldPlan[] })[] };

interface RootPlan {
  key: string;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  entity: Entity;
  page: PagePlan[];
}

/** A plan for one operation: run it for a request, or hear null and let the interpreter answer. */
export interface CompiledRegistryRead {
  run(ctx: GraphQLContext, variables: Record<string, unknown> | null | undefined): Promise<ExecutionResult | null>;
}

class NotPlannable extends Error {}
/** Thrown while writing the answer: the interpreter must answer this request (it will say why). */
class Interpret extends Error {}

let nextPlanId = 1;
const compiled = new WeakMap<DocumentNode, Map<string, CompiledRegistryRead | null>>();

/**
 * The plan of an operation that reads registry entities plainly, or null. Memoised per parsed
 * document and operation name (the server's parser cache hands out the same document).
 */
export function compileRegistryRead(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): CompiledRegistryRead | null {
  let byOperation = compiled.get(document);
  if (!byOperation) compiled.set(document, (byOperation = new Map()));
  const name = operationName ?? '';
  if (byOperation.has(name)) return byOperation.get(name)!;
  let plan: CompiledRegistryRead | null = null;
  try {
    plan = planOperation(schema, document, operationName);
  } catch (error) {
    if (!(error instanceof NotPlannable)) throw error;
  }
  byOperation.set(name, plan);
  return plan;
}

function planOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): CompiledRegistryRead {
  // One operation and nothing else: Pothos prices the first operation of a document, and
  // fragments are left to the interpreter.
  if (document.definitions.length !== 1) throw new NotPlannable();
  const operation = document.definitions[0]!;
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') throw new NotPlannable();
  if (operationName && operation.name?.value !== operationName) throw new NotPlannable();
  const query = schema.getQueryType();
  if (!query) throw new NotPlannable();
  const roots = fieldsOf(operation.selectionSet).map((node) => planRoot(query, node));
  const planId = nextPlanId++;
  const costs = new Map<string, 'within' | 'exceeds' | 'unknown'>();
  return { run: (ctx, variables) => runPlan(schema, document, operation, roots, planId, costs, ctx, variables) };
}

/** The fields of a selection set, when it is made of plain fields only (no fragments, no directives) and no response key repeats. */
function fieldsOf(set: SelectionSetNode): FieldNode[] {
  const keys = new Set<string>();
  return set.selections.map((selection) => {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) throw new NotPlannable();
    const key = selection.alias?.value ?? selection.name.value;
    if (keys.has(key)) throw new NotPlannable();
    keys.add(key);
    return selection;
  });
}

function keyOf(node: FieldNode) {
  return node.alias?.value ?? node.name.value;
}

function planRoot(query: GraphQLObjectType, node: FieldNode): RootPlan {
  const field = query.getFields()[node.name.value];
  const entity = [...entities.values()].find((e) => e.plural === node.name.value);
  if (!field || !entity || !node.selectionSet) throw new NotPlannable();
  return { key: keyOf(node), field, node, entity, page: planPage(field, node.selectionSet, entity) };
}

function planPage(connectionField: GraphQLField<unknown, unknown>, set: SelectionSetNode, entity: Entity): PagePlan[] {
  const connection = getNamedType(connectionField.type);
  if (!isObjectType(connection)) throw new NotPlannable();
  return fieldsOf(set).map((node): PagePlan => {
    const key = keyOf(node);
    if (node.name.value === '__typename') return { kind: 'constant', key, value: connection.name };
    if (node.arguments?.length || !node.selectionSet) throw new NotPlannable();
    if (node.name.value === 'nodes') return { kind: 'nodes', key, fields: planEntity(nodeType(connection, 'nodes', entity), node.selectionSet) };
    if (node.name.value !== 'edges') throw new NotPlannable();
    const edgeType = getNamedType(connection.getFields().edges!.type);
    if (!isObjectType(edgeType)) throw new NotPlannable();
    const edge = fieldsOf(node.selectionSet).map((inner) => {
      const innerKey = keyOf(inner);
      if (inner.name.value === '__typename') return { kind: 'constant' as const, key: innerKey, value: edgeType.name };
      if (inner.name.value !== 'node' || inner.arguments?.length || !inner.selectionSet) throw new NotPlannable();
      return { kind: 'node' as const, key: innerKey, fields: planEntity(nodeType(edgeType, 'node', entity), inner.selectionSet) };
    });
    return { kind: 'edges', key, edge };
  });
}

/** The object type a connection's `nodes` (or an edge's `node`) holds: that of the entity planned for it. */
function nodeType(parent: GraphQLObjectType, name: string, entity: Entity): GraphQLObjectType {
  const field = parent.getFields()[name];
  const type = field && getNamedType(field.type);
  if (!type || !isObjectType(type) || type.name !== entity.name) throw new NotPlannable();
  return type;
}

/** The plain fields of an entity: its columns, ID, bookkeeping columns, one-relations and related connections. */
function planEntity(type: GraphQLObjectType, set: SelectionSetNode): FieldPlan[] {
  const entity = entities.get(type.name);
  if (!entity) throw new NotPlannable();
  const relationsUsed = new Set<string>();
  return fieldsOf(set).map((node): FieldPlan => {
    const key = keyOf(node);
    const name = node.name.value;
    if (name === '__typename') return { kind: 'constant', key, value: type.name };
    const field = type.getFields()[name];
    if (!field) throw new NotPlannable();
    if (name === 'id') return { kind: 'id', key, typeName: type.name };
    const column = columnOf(entity, name);
    if (column) {
      const leaf = getNamedType(field.type);
      if (!isLeafType(leaf) || node.selectionSet || node.arguments?.length) throw new NotPlannable();
      return { kind: 'leaf', key, column, type: leaf, nonNull: isNonNullType(field.type) };
    }
    const relation = name === 'owner' && !entity.bare ? { many: false } : entity.relations?.[name];
    if (!relation || !node.selectionSet || relationsUsed.has(name)) throw new NotPlannable();
    // Drizzle's `with` names each relation once: the same relation twice (aliased) is the interpreter's.
    relationsUsed.add(name);
    const target = getNamedType(field.type);
    if (!isObjectType(target)) throw new NotPlannable();
    if (!relation.many) {
      if (node.arguments?.length) throw new NotPlannable();
      const targetEntity = entities.get(target.name);
      if (!targetEntity) throw new NotPlannable();
      return { kind: 'one', key, relation: name, entity: targetEntity, fields: planEntity(target, node.selectionSet) };
    }
    const nodes = getNamedType(target.getFields().nodes?.type ?? target);
    const targetEntity = entities.get(nodes.name);
    if (!targetEntity) throw new NotPlannable();
    return { kind: 'many', key, relation: name, field, node, entity: targetEntity, page: planPage(field, node.selectionSet, targetEntity) };
  });
}

const BOOKKEEPING = new Set(['version', 'isDemo', 'createdAt', 'updatedAt']);

/** The table column an entity field exposes as it is, or null. */
function columnOf(entity: Entity, field: string): string | null {
  const def = entity.columns[field];
  if (def && !def.hidden) return def.column ?? field;
  if (!entity.bare && BOOKKEEPING.has(field) && !entity.columns[field]) return field;
  return null;
}

// ---- running a plan -------------------------------------------------------------------------

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  filter?: Where | null;
  orderBy?: { field: string; direction: 'asc' | 'desc' }[] | null;
}

async function runPlan(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  roots: RootPlan[],
  planId: number,
  costs: Map<string, 'within' | 'exceeds' | 'unknown'>,
  ctx: GraphQLContext,
  raw: Record<string, unknown> | null | undefined,
): Promise<ExecutionResult | null> {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {});
  if (coerced.errors) return null;
  const variables = coerced.coerced;
  const variablesKey = JSON.stringify(variables);
  let verdict = costs.get(variablesKey);
  if (verdict === undefined) {
    verdict = costVerdict(document, raw, ctx);
    if (costs.size >= MEMO_ENTRIES) costs.delete(costs.keys().next().value!);
    costs.set(variablesKey, verdict);
  }
  if (verdict !== 'within') return null;
  try {
    // A query's SQL is a function of the plan, the variables and what the viewer may see: with
    // those as its key it is built and prepared once (preparedRegistryReads).
    const key = `${planId}\u0000${variablesKey}\u0000${visibilityKey(ctx.viewer)}`;
    const reads = preparedRegistryReads(ctx.stores.registry);
    const rows = await Promise.all(
      roots.map((root, i) =>
        reads.findMany(`${key}\u0000${i}`, root.entity.table, () => {
          const args = argsOf(root.field, root.node, variables);
          return {
            ...selectionOf(root.entity, pageFields(root.page), ctx, variables),
            where: rootWhere(ctx, root.entity, args.filter),
            orderBy: orderOf(root.entity, args.orderBy),
            limit: pageSize(args),
          };
        }),
      ),
    );
    const data: Row = {};
    roots.forEach((root, i) => (data[root.key] = writePage(root.page, rows[i]!)));
    return { data };
  } catch {
    // Whatever went wrong (a filter the resolvers refuse, a value a non-null field cannot take,
    // paging the plan does not do) the interpreter meets again, and answers as it always has.
    return null;
  }
}

/** Cost verdicts a plan keeps, by variables (the price depends on nothing else: page sizes). */
const MEMO_ENTRIES = 200;

/**
 * Everything the conditions of a plan's queries take from the viewer: what it may see of each
 * table, as the domain's rule states it (data, not SQL). Two viewers with the same key get the
 * same SQL; a rule that comes to read more of the viewer changes its answer, and so the key.
 */
function visibilityKey(viewer: Viewer | null): string {
  // Kept per viewer object: the token lookup hands out one object per token while it is valid,
  // so a small read does not work out every table's visibility again at every request. Viewers
  // are never changed once made; a new object (another token, a new lookup) is worked out anew.
  if (!viewer) return (anonymousKey ??= visibilityKeyOf(null));
  let key = visibilityKeys.get(viewer);
  if (key === undefined) visibilityKeys.set(viewer, (key = visibilityKeyOf(viewer)));
  return key;
}
const visibilityKeys = new WeakMap<Viewer, string>();
let anonymousKey: string | undefined;

function visibilityKeyOf(viewer: Viewer | null): string {
  entityTables ??= [...new Set([...entities.values()].map((e) => e.table))].sort();
  return JSON.stringify(entityTables.map((table) => registryVisibility(viewer, table)));
}
let entityTables: string[] | null = null;

function argsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): ConnectionArgs {
  return getArgumentValues(field, node, variables) as ConnectionArgs;
}

/** `first` (default 50) when it is all the paging asked for; anything else is the interpreter's. */
function pageSize(args: ConnectionArgs): number {
  if (args.last != null || args.after != null || args.before != null) throw new Interpret();
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new Interpret();
  return first;
}

/**
 * The order the connection's resolver asks for, with plugin-drizzle's tie-breaker: the primary
 * key, in the direction of the last key, when the keys do not already include it. (Keys that
 * are unique already order the same with or without it.) Sorting on nullable columns goes
 * through SQL expressions (orderQuery's extras): left to the interpreter.
 */
function orderOf(entity: Entity, orderBy: ConnectionArgs['orderBy']): Record<string, 'asc' | 'desc'> {
  const query = orderQuery(entity, orderBy);
  if ('extras' in query) throw new Interpret();
  const order = { ...query.orderBy };
  const keys = Object.values(order);
  if (!('id' in order)) order.id = keys[keys.length - 1] ?? 'asc';
  return order;
}

function pageFields(page: PagePlan[]): FieldPlan[] {
  return page.flatMap((p) => (p.kind === 'nodes' ? p.fields : p.kind === 'edges' ? p.edge.flatMap((e) => (e.kind === 'node' ? e.fields : [])) : []));
}

/** Columns and relations of a relational query for these fields (several selections of one page share it). */
function selectionOf(
  entity: Entity,
  fields: FieldPlan[],
  ctx: GraphQLContext,
  variables: Record<string, unknown>,
): { columns: Record<string, true>; with?: Record<string, Where> } {
  const columns: Record<string, true> = { id: true };
  const withs: Record<string, Where> = {};
  const byRelation = new Map<string, FieldPlan[]>();
  for (const field of fields) {
    if (field.kind === 'leaf') columns[field.column] = true;
    if (field.kind === 'one' || field.kind === 'many') {
      const seen = byRelation.get(field.relation);
      // The same relation under `nodes` and `edges` of one page must ask the same of it.
      if (
        seen &&
        (seen[0]!.kind !== field.kind ||
          (field.kind === 'many' &&
            JSON.stringify(argsOf(field.field, field.node, variables)) !==
              JSON.stringify(argsOf((seen[0] as ManyPlan).field, (seen[0] as ManyPlan).node, variables))))
      ) {
        throw new Interpret();
      }
      byRelation.set(field.relation, [...(seen ?? []), field]);
    }
  }
  for (const [relation, plans] of byRelation) {
    const first = plans[0]!;
    if (first.kind === 'one') {
      const inner = plans.flatMap((p) => (p.kind === 'one' ? p.fields : []));
      withs[relation] = { ...selectionOf(first.entity, inner, ctx, variables), where: visibleWhere(ctx.viewer, first.entity.table) ?? {} };
    } else if (first.kind === 'many') {
      const args = argsOf(first.field, first.node, variables);
      const inner = plans.flatMap((p) => (p.kind === 'many' ? pageFields(p.page) : []));
      withs[relation] = {
        ...selectionOf(first.entity, inner, ctx, variables),
        where: andWhere(visibleWhere(ctx.viewer, first.entity.table), buildWhere(first.entity, args.filter, ctx.viewer)) ?? {},
        orderBy: orderOf(first.entity, args.orderBy),
        limit: pageSize(args),
      };
    }
  }
  return Object.keys(withs).length ? { columns, with: withs } : { columns };
}

function writePage(page: PagePlan[], rows: Row[]): Row {
  const out: Row = {};
  for (const p of page) {
    if (p.kind === 'constant') out[p.key] = p.value;
    else if (p.kind === 'nodes') out[p.key] = rows.map((row) => writeEntity(p.fields, row));
    else
      out[p.key] = rows.map((row) => {
        const edge: Row = {};
        for (const e of p.edge) edge[e.key] = e.kind === 'constant' ? e.value : writeEntity(e.fields, row);
        return edge;
      });
  }
  return out;
}

function writeEntity(fields: FieldPlan[], row: Row): Row {
  const out: Row = {};
  for (const field of fields) {
    switch (field.kind) {
      case 'constant':
        out[field.key] = field.value;
        break;
      case 'id':
        out[field.key] = encodeGlobalID(field.typeName, String(row.id));
        break;
      case 'leaf': {
        const value = row[field.column];
        if (value === null || value === undefined) {
          // graphql-js would answer an error here, and null up to the nearest nullable field.
          if (field.nonNull) throw new Interpret();
          out[field.key] = null;
        } else {
          const serialised = field.type.serialize(value);
          if (serialised === null || serialised === undefined) throw new Interpret();
          out[field.key] = serialised;
        }
        break;
      }
      case 'one': {
        const related = row[field.relation] as Row | null | undefined;
        out[field.key] = related ? writeEntity(field.fields, related) : null;
        break;
      }
      case 'many':
        out[field.key] = writePage(field.page, (row[field.relation] as Row[] | undefined) ?? []);
        break;
    }
  }
  return out;
}

/** For tests: whether the operation would be run by a plan (when its variables and cost allow). */
export function isCompiledRegistryRead(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  return compileRegistryRead(schema, document, operationName) !== null;
}
