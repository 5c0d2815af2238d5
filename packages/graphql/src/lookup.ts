import type { InformationCategoryRow, OrganisationRow } from '@fvm/db';
import type { GraphQLContext } from './context';

// A page of entries names a handful of organisations and categories many times over: those small
// tables are read once and kept until the next write anywhere in the registry.
// Within one request the tables are taken as they were at its first use (asking the store whether
// anything changed costs more than the lookup itself, and a page names them hundreds of times).
type Lookup = { generation: string; organisations: Map<number, OrganisationRow>; categories: Map<number, InformationCategoryRow> };
const lookupCaches = new WeakMap<object, Lookup>();
const lookupPerRequest = new WeakMap<GraphQLContext, Lookup>();

/** Loads the request's lookup tables (from the cache while nothing was written): before `lookup`. */
export async function loadLookup(ctx: GraphQLContext): Promise<Lookup> {
  const known = lookupPerRequest.get(ctx);
  if (known) return known;
  const generation = ctx.stores.generation();
  let cache = lookupCaches.get(ctx.stores);
  if (cache?.generation !== generation) {
    const rows = await ctx.stores.organisations.lookupRows();
    cache = { generation, organisations: new Map(rows.organisations.map((o) => [o.id, o])), categories: new Map(rows.categories.map((c) => [c.id, c])) };
    lookupCaches.set(ctx.stores, cache);
  }
  lookupPerRequest.set(ctx, cache);
  return cache;
}

/** The lookup tables `loadLookup` loaded for this request. */
export function lookup(ctx: GraphQLContext): Lookup {
  const known = lookupPerRequest.get(ctx);
  if (!known) throw new Error('lookup(ctx) before loadLookup(ctx)');
  return known;
}
