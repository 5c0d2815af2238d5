import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { changedRows, editsByRow, entityReducer, viewRow, type CellEdit, type EntityConfig, type EntityRow, type RowView, type Viewer } from './entity';
import type { Lookups } from './lookups';
import { emptyStaging } from './staging';
import { useStagingStore } from './stagingStore';
import { todayIso } from './values';

/** Where a new row's temporary id starts: never an API ID (those are base64). */
const NEW_PREFIX = 'new:';
let newCounter = 0;

/**
 * One grid's staged changes and the rows they are about: each row seen through them (checked by
 * the entity's rules once per staging state), how many rows changed and how many cells stop a Save.
 */
export function useStagedRows(
  config: EntityConfig,
  viewer: Viewer,
  lookups: Lookups,
  editing: boolean,
  newValues?: Record<string, unknown>,
  storeKey?: string,
) {
  // Kept in the store above the views (under the view's key): switching views and back finds them again.
  const store = useStagingStore();
  const entry = useMemo(() => (store && storeKey ? store.entry(storeKey, config.changeUnit) : null), [store, storeKey, config.changeUnit]);
  const [staging, dispatch] = useReducer(entityReducer, undefined, () => entry?.state ?? emptyStaging<CellEdit, EntityRow>());
  useEffect(() => {
    if (entry) entry.state = staging;
  }, [entry, staging]);
  useEffect(() => {
    if (!store || !storeKey) return;
    store.shown.add(storeKey);
    return () => void store.shown.delete(storeKey);
  }, [store, storeKey]);
  /** Every server row the grid has shown, by id: a staged row is always one of them. */
  const seen = useRef(entry?.seen ?? new Map<string, EntityRow>());
  /** Rows added here, by temporary id. */
  const fresh = useRef(entry?.fresh ?? new Map<string, EntityRow>());

  const today = todayIso();
  const byRow = useMemo(() => editsByRow(staging), [staging]);
  // AG Grid asks about each cell many times a render: one view per row object and staging state.
  const rowViews = useMemo(() => new WeakMap<EntityRow, RowView>(), [staging, lookups, editing, config, viewer]); // eslint-disable-line react-hooks/exhaustive-deps
  const view = useCallback(
    (row: EntityRow) => {
      let v = rowViews.get(row);
      if (!v) rowViews.set(row, (v = viewRow(row, { config, viewer, staging, byRow, lookups, today, editing })));
      return v;
    },
    [rowViews, config, viewer, staging, byRow, lookups, today, editing],
  );
  const rowOf = useCallback((id: string) => fresh.current.get(id) ?? seen.current.get(id), []);

  const changed = useMemo(() => changedRows(staging), [staging]);
  const invalid = useMemo(() => {
    let n = 0;
    for (const id of changed) {
      const row = rowOf(id);
      if (row) n += view(row).invalidCells;
    }
    return n;
  }, [changed, rowOf, view]);

  const newRow = useCallback(
    (): EntityRow => ({
      id: `${NEW_PREFIX}${++newCounter}`,
      version: 0,
      ownerId: viewer.organisationId,
      ownerName: viewer.organisationName ?? null,
      values: {
        ...Object.fromEntries(config.columns.filter((c) => c.kind !== 'computed').map((c) => [c.field, null])),
        ...(config.newValues ?? {}),
        ...(newValues ?? {}),
      },
      labels: {},
      isNew: true,
    }),
    [viewer, config, newValues],
  );

  return { staging, dispatch, seen, fresh, today, byRow, view, changed, invalid, hasChanges: changed.size > 0, newRow };
}

export type StagedRows = ReturnType<typeof useStagedRows>;
