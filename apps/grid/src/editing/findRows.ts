import type { EntityConfig } from './entity';
import type { GqlFilter } from './filters';

/**
 * Finding one's rows among hundreds: free text and "my organisation's rows", both as the API's
 * filter, so the server narrows the whole set and the count says how many there are, not how many
 * happen to be loaded.
 */

/** The owner column (see entities/shared.ts): its presence says the rows have an owner. */
export const OWNER_FIELD = 'owner';

export const hasOwner = (config: Pick<EntityConfig, 'columns'>): boolean => config.columns.some((c) => c.field === OWNER_FIELD);

/**
 * Free text as the API's filter: the entity's own `search` where it has one; otherwise any of its
 * text columns (and its owner's name) contains the text, through the same conditions its column
 * filters use. Null when there is nothing to search or nothing to search in.
 */
export function findFilter(config: Pick<EntityConfig, 'columns' | 'search'>, text: string): GqlFilter | null {
  const q = text.trim();
  if (!q) return null;
  if (config.search) return { search: q };
  const paths = config.columns.filter((c) => c.filter?.kind === 'text').map((c) => c.filter!.path);
  if (!paths.length) return null;
  const parts = paths.map((path) => path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), { contains: q }) as GqlFilter);
  return parts.length === 1 ? parts[0]! : { OR: parts };
}

/** Whether a view can be searched at all (the search box is offered only then). */
export const searchable = (config: Pick<EntityConfig, 'columns' | 'search'>): boolean => findFilter(config, 'x') !== null;

/** Only the rows the viewer's organisation owns. */
export const mineFilter = (organisationId: string): GqlFilter => ({ owner: { id: { eq: organisationId } } });

/**
 * The "my organisation's rows" switch is remembered per user and view, like the view's columns
 * (see savedViews.ts): per organisation and role, in localStorage.
 */
export function mineKey(viewer: { organisationId: string; role: string }, viewId: string): string {
  return `fvm.mine.v1:${viewer.organisationId}:${viewer.role}:${viewId}`;
}

export function loadMine(key: string, storage: Pick<Storage, 'getItem'> | null = safeStorage()): boolean {
  try {
    return storage?.getItem(key) === '1';
  } catch {
    return false;
  }
}

export function storeMine(key: string, on: boolean, storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage()): void {
  try {
    if (on) storage?.setItem(key, '1');
    else storage?.removeItem(key);
  } catch {
    // storage unavailable: the switch is not remembered, nothing else is lost
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
