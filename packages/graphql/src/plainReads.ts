import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

// Some operations can be executed by a query compiler (graphql-jit) instead of the interpreter:
// those whose resolvers read their own SQL and hand back plain rows. The user log's reads are
// such, and they are the registry's largest answers (a page is some 2,000 fields), so the server
// compiles them. Everything planned by plugin-drizzle (it reads the interpreter's resolve info to
// build one query for a whole subtree) stays with the interpreter.

/** Root fields whose whole answer comes from their own resolver's SQL, not from a Drizzle plan. */
export const PLAIN_READ_FIELDS: ReadonlySet<string> = new Set(['userLogs', 'userLogStatistics', 'patientAccessExtract', 'userLogsAsFhirBundle']);

/**
 * Root fields that read the user log at scale: the plain reads, the verification of the chains
 * (every entry, change and read record), the registry's checks (log_action_not_permitted
 * counts every entry in the viewer's scope), a log review run's selection (a month of the owner's
 * entries) and review items (their selected entries).
 */
export const LOG_READ_FIELDS: ReadonlySet<string> = new Set([
  ...PLAIN_READ_FIELDS,
  'verifyUserLogs',
  'verifyChangeHistory',
  'verifyUserLogReads',
  'registryFindings',
  'startLogReviewRun',
  'previewLogReviewSelection',
  'logReviewItems',
]);

const verdicts = new WeakMap<DocumentNode, Map<string, boolean>>();
const logReadVerdicts = new WeakMap<DocumentNode, Map<string, boolean>>();

/**
 * Whether the operation selects any root field that reads the user log (LOG_READ_FIELDS), directly
 * or through fragments: the server admits only a few of those at a time. Memoised per parsed document.
 */
export function readsUserLog(document: DocumentNode, operationName?: string | null): boolean {
  let byOperation = logReadVerdicts.get(document);
  if (!byOperation) logReadVerdicts.set(document, (byOperation = new Map()));
  const key = operationName ?? '';
  let verdict = byOperation.get(key);
  if (verdict === undefined) {
    const operation = selectedOperation(document, operationName);
    const fragments = fragmentsOf(document);
    const touches = (set: SelectionSetNode, seen: Set<string>): boolean =>
      set.selections.some((selection) => {
        if (selection.kind === Kind.FIELD) return LOG_READ_FIELDS.has(selection.name.value);
        if (selection.kind === Kind.INLINE_FRAGMENT) return touches(selection.selectionSet, seen);
        const fragment = fragments.get(selection.name.value);
        return !!fragment && !seen.has(fragment.name.value) && touches(fragment.selectionSet, new Set(seen).add(fragment.name.value));
      });
    verdict = !!operation && touches(operation.selectionSet, new Set());
    byOperation.set(key, verdict);
  }
  return verdict;
}

function selectedOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
}

/**
 * Whether the operation reads only plain-read root fields, and beneath them touches Drizzle
 * types (organisations, categories: rows from the lookup tables) only for columns those rows
 * already carry. Memoised per parsed document (the server's parser cache hands out the same one).
 */
export function isPlainRead(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  let byOperation = verdicts.get(document);
  if (!byOperation) verdicts.set(document, (byOperation = new Map()));
  const key = operationName ?? '';
  let verdict = byOperation.get(key);
  if (verdict === undefined) {
    verdict = decide(schema, document, operationName);
    byOperation.set(key, verdict);
  }
  return verdict;
}

function decide(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  const operation = selectedOperation(document, operationName);
  const query = schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !query) return false;
  const fragments = fragmentsOf(document);

  const walk = (set: SelectionSetNode, parent: GraphQLNamedType, root: boolean, seen: Set<string>): boolean =>
    set.selections.every((selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        return !!on && walk(selection.selectionSet, on, root, seen);
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) return false;
        const on = schema.getType(fragment.typeCondition.name.value);
        return !!on && walk(fragment.selectionSet, on, root, new Set(seen).add(name));
      }
      const name = selection.name.value;
      if (name === '__typename') return true;
      if (name.startsWith('__')) return false;
      if (root && !PLAIN_READ_FIELDS.has(name)) return false;
      // On an interface or union, every type the field may resolve on must qualify.
      const candidates = isAbstractType(parent) ? schema.getPossibleTypes(parent) : isObjectType(parent) ? [parent] : [];
      let returned: GraphQLNamedType | null = null;
      for (const type of candidates) {
        const field = type.getFields()[name];
        if (!field) continue;
        if (isDrizzleType(type) && !readsOwnColumnsOnly(field)) return false;
        returned = getNamedType(field.type);
      }
      if (!returned) return false;
      return !selection.selectionSet || walk(selection.selectionSet, returned, false, seen);
    });

  return walk(operation.selectionSet, query, true, new Set());
}

function isDrizzleType(type: GraphQLNamedType): boolean {
  return !!(type.extensions as { pothosDrizzleModel?: unknown }).pothosDrizzleModel;
}

/** A scalar or enum field that selects nothing but columns of its own row. */
function readsOwnColumnsOnly(field: GraphQLField<unknown, unknown>): boolean {
  if (!isLeafType(getNamedType(field.type))) return false;
  const select = (field.extensions as { pothosDrizzleSelect?: unknown }).pothosDrizzleSelect;
  if (select === undefined || select === false || select === null) return true;
  return typeof select === 'object' && Object.keys(select).every((key) => key === 'columns');
}
