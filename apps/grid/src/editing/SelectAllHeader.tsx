import type { GridApi, IHeaderParams } from 'ag-grid-community';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { GridContextRef } from './cells';
import type { EntityRow } from './entity';

export interface LoadedSelection {
  /** Rows read so far. */
  loaded: number;
  selected: number;
}

/** How many of the loaded rows there are, and how many of them are selected. */
function counts(api: GridApi<EntityRow>): LoadedSelection {
  let loaded = 0;
  let selected = 0;
  api.forEachNode((n) => {
    if (!n.data) return;
    loaded++;
    if (n.isSelected()) selected++;
  });
  return { loaded, selected };
}

/**
 * The grid counts as rows arrive and selections change (its own callbacks, onModelUpdated and
 * onSelectionChanged), and the header reads the counts through React context: AG Grid draws the
 * header inside the grid's React tree, but tells listeners it adds itself nothing of the blocks
 * the infinite row model reads later.
 */
export const LoadedSelectionContext = createContext<LoadedSelection>({ loaded: 0, selected: 0 });

export function useLoadedSelection() {
  const [selection, setSelection] = useState<LoadedSelection>({ loaded: 0, selected: 0 });
  const recount = useCallback((api: GridApi<EntityRow>) => {
    const next = counts(api);
    setSelection((prev) => (prev.loaded === next.loaded && prev.selected === next.selected ? prev : next));
  }, []);
  return { selection, recount };
}

/**
 * The selection column's header: one checkbox that selects every loaded row, or none. AG Grid's
 * own header checkbox does not work with the infinite row model (it cannot select rows it has not
 * read), so this one says what it does: the rows read so far.
 */
export function SelectAllHeader(p: IHeaderParams<EntityRow>) {
  const { t } = (p.context as GridContextRef).current;
  const { loaded, selected } = useContext(LoadedSelectionContext);
  const box = useRef<HTMLInputElement>(null);
  const all = loaded > 0 && selected === loaded;
  const some = selected > 0 && !all;
  useEffect(() => {
    if (box.current) box.current.indeterminate = some;
  }, [some]);
  const toggle = () => {
    const nodes: Parameters<GridApi<EntityRow>['setNodesSelected']>[0]['nodes'] = [];
    p.api.forEachNode((n) => {
      if (n.data) nodes.push(n);
    });
    p.api.setNodesSelected({ nodes, newValue: !all });
  };
  const label = all ? t.deselectAllRows : t.selectAllLoaded(loaded);
  // The column's name, for screen readers (a header with only a checkbox reads as empty).
  return (
    <>
      <span className="sr-only">{t.colSelect}</span>
      <input
        ref={box}
        type="checkbox"
        className="select-all"
        checked={all}
        onChange={toggle}
        disabled={loaded === 0}
        aria-label={label}
        title={label}
        data-testid="select-all"
      />
    </>
  );
}
