/**
 * AG Grid's column filters and sort, as the API's `filter` and `orderBy`: the server filters and
 * sorts the whole set; the grid never filters the part it happens to hold. Only what the API can
 * express is offered (a text filter has no "ends with": the API has no such condition).
 */
export type FilterKind = 'text' | 'number' | 'date' | 'enum' | 'boolean';

export interface FilterTarget {
  kind: FilterKind;
  /** Where the condition goes in the entity's filter: ['validFrom'], or through a relation, ['municipality', 'name']. */
  path: readonly string[];
  /** The API takes the value itself, one at a time (`rule: RARE_PAIR`), not a condition: several chosen become an OR. */
  bare?: boolean;
}

export type GqlFilter = Record<string, unknown>;

/** The options each filter offers; each maps onto the API's conditions. */
export const TEXT_FILTER_OPTIONS = ['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'blank', 'notBlank'] as const;
export const NUMBER_FILTER_OPTIONS = [
  'equals',
  'notEqual',
  'lessThan',
  'lessThanOrEqual',
  'greaterThan',
  'greaterThanOrEqual',
  'inRange',
  'blank',
  'notBlank',
] as const;
export const DATE_FILTER_OPTIONS = ['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank'] as const;

/** The model of the grid's own filter for closed lists (enums, yes/no): the values to keep; NULL_VALUE for "not answered". */
export interface ChoiceFilterModel {
  filterType: 'choice';
  values: string[];
}
export const NULL_VALUE = '__null__';

interface SimpleModel {
  filterType?: string;
  type?: string | null;
  filter?: string | number | null;
  filterTo?: string | number | null;
  dateFrom?: string | null;
  dateTo?: string | null;
}
interface CombinedModel {
  filterType?: string;
  operator: 'AND' | 'OR';
  conditions: SimpleModel[];
}
type ColumnModel = SimpleModel | CombinedModel | ChoiceFilterModel;

function nest(path: readonly string[], condition: unknown): GqlFilter {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), condition) as GqlFilter;
}

/** One condition on one column: `{ path: cond }`, or `{ NOT: { path: cond } }` for the negated options. */
function simple(target: FilterTarget, m: SimpleModel): GqlFilter | undefined {
  const at = (cond: unknown) => nest(target.path, cond);
  const not = (cond: unknown) => ({ NOT: at(cond) });
  const type = m.type ?? (target.kind === 'text' ? 'contains' : 'equals');
  if (type === 'blank') return target.kind === 'text' ? { OR: [at({ isNull: true }), at({ eq: '' })] } : at({ isNull: true });
  if (type === 'notBlank') return target.kind === 'text' ? at({ isNull: false, ne: '' }) : at({ isNull: false });

  if (target.kind === 'text') {
    const v = m.filter == null ? '' : String(m.filter);
    if (v === '') return undefined;
    switch (type) {
      case 'contains':
        return at({ contains: v });
      case 'notContains':
        return not({ contains: v });
      case 'equals':
        return at({ eq: v });
      case 'notEqual':
        return not({ eq: v });
      case 'startsWith':
        return at({ startsWith: v });
      default:
        return undefined;
    }
  }

  const from = target.kind === 'date' ? (m.dateFrom ?? null)?.slice(0, 10) : m.filter == null || m.filter === '' ? null : Number(m.filter);
  const to = target.kind === 'date' ? (m.dateTo ?? null)?.slice(0, 10) : m.filterTo == null || m.filterTo === '' ? null : Number(m.filterTo);
  if (from == null || (typeof from === 'number' && Number.isNaN(from))) return undefined;
  switch (type) {
    case 'equals':
      return at({ eq: from });
    case 'notEqual':
      return not({ eq: from });
    case 'lessThan':
      return at({ lt: from });
    case 'lessThanOrEqual':
      return at({ lte: from });
    case 'greaterThan':
      return at({ gt: from });
    case 'greaterThanOrEqual':
      return at({ gte: from });
    case 'inRange':
      return to == null ? at({ gte: from }) : at({ gte: from, lte: to });
    default:
      return undefined;
  }
}

function choice(target: FilterTarget, m: ChoiceFilterModel): GqlFilter | undefined {
  if (!m.values.length) return undefined;
  if (target.kind === 'boolean') {
    const parts = m.values.map((v) => nest(target.path, v === NULL_VALUE ? { isNull: true } : { eq: v === 'true' }));
    return parts.length === 1 ? parts[0] : { OR: parts };
  }
  // The API spells enum values in capitals.
  if (target.bare) {
    const parts = m.values.map((v) => nest(target.path, v.toUpperCase()));
    return parts.length === 1 ? parts[0] : { OR: parts };
  }
  return nest(target.path, { in: m.values.map((v) => v.toUpperCase()) });
}

export function columnFilter(target: FilterTarget, model: ColumnModel): GqlFilter | undefined {
  if ('values' in model && model.filterType === 'choice') return choice(target, model);
  if ('conditions' in model && Array.isArray(model.conditions)) {
    const parts = model.conditions.map((c) => simple(target, c)).filter((c): c is GqlFilter => c !== undefined);
    if (parts.length <= 1) return parts[0];
    return { [model.operator === 'OR' ? 'OR' : 'AND']: parts };
  }
  return simple(target, model as SimpleModel);
}

/** The grid's whole filter model (one entry per filtered column), and any fixed conditions, as one API filter. */
export function toApiFilter(
  model: Record<string, unknown> | null | undefined,
  targets: Readonly<Record<string, FilterTarget>>,
  ...fixed: (GqlFilter | undefined | null)[]
): GqlFilter | undefined {
  const parts: GqlFilter[] = fixed.filter((f): f is GqlFilter => !!f && Object.keys(f).length > 0);
  for (const [colId, m] of Object.entries(model ?? {})) {
    const target = targets[colId];
    if (!target || !m) continue;
    const f = columnFilter(target, m as ColumnModel);
    if (f) parts.push(f);
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { AND: parts };
}

/** The grid's sort, as `orderBy`: each sorted column's order field (e.g. VALID_FROM), most significant first. */
export function toApiOrder(
  sortModel: readonly { colId: string; sort: 'asc' | 'desc' | null | undefined }[] | null | undefined,
  orderFields: Readonly<Record<string, string>>,
): { field: string; direction: 'ASC' | 'DESC' }[] | undefined {
  const keys = (sortModel ?? [])
    .filter((s) => s.sort && orderFields[s.colId])
    .map((s) => ({ field: orderFields[s.colId]!, direction: s.sort === 'desc' ? ('DESC' as const) : ('ASC' as const) }));
  return keys.length ? keys : undefined;
}
