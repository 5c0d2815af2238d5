import type { GridApi, IDatasource, IGetRowsParams } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import { useClient } from 'urql';
import type { EntityConfig, EntityRow } from './entity';
import { findFilter } from './findRows';
import { toApiFilter, toApiOrder, type FilterTarget, type GqlFilter } from './filters';
import { debounce } from './hooks';
import { KeysetPager, type Page } from './pager';

export const BLOCK_SIZE = 100;

/** Reads `first` rows after a cursor, with a filter and order fixed beforehand. */
export type FetchPage = (filter: GqlFilter | undefined, orderBy: unknown) => (first: number, after: string | null) => Promise<Page<unknown>>;

/**
 * Reading an entity's connection: filtered, searched and sorted on the server, block by block, for
 * AG Grid's infinite row model. Every row read goes into `seen`, so a staged change always finds
 * its row.
 */
export function useConnection(
  config: EntityConfig,
  baseFilter: GqlFilter | undefined,
  apiRef: RefObject<GridApi<EntityRow> | null>,
  seen: RefObject<Map<string, EntityRow>>,
) {
  const client = useClient();
  const [total, setTotal] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [search, setSearch] = useState('');
  const searchLater = useMemo(() => debounce(setSearch, 400), []);
  /** Bumped to read everything again (after a Save). */
  const generation = useRef(0);
  /** The filter and order of the rows shown (for an export of all of them). */
  const shownQuery = useRef<{ filter?: GqlFilter; orderBy?: unknown }>({});
  /** The pager of the rows shown: a paste beyond the loaded rows reads them through it, as the grid would. */
  const shownPager = useRef<KeysetPager<unknown> | null>(null);

  const targets = useMemo(
    () => Object.fromEntries(config.columns.filter((c) => c.filter).map((c) => [c.field, c.filter!])) as Record<string, FilterTarget>,
    [config],
  );
  const orderFields = useMemo(
    () => Object.fromEntries(config.columns.filter((c) => c.order).map((c) => [c.field, c.order!])) as Record<string, string>,
    [config],
  );
  // By value: a caller's new object with the same conditions must not read everything again.
  const baseKey = JSON.stringify(baseFilter ?? null);
  const fetchPage = useCallback<FetchPage>(
    (filter, orderBy) => async (first, after) => {
      const result = await client.query(config.list, { first, after, filter, orderBy }, { requestPolicy: 'network-only' }).toPromise();
      if (result.error || !result.data) throw result.error ?? new Error('no data');
      return config.connection(result.data);
    },
    [client, config],
  );
  const datasource = useMemo<IDatasource>(() => {
    let pager: KeysetPager<unknown> | null = null;
    let key = '';
    const fixed = baseKey === 'null' ? undefined : (JSON.parse(baseKey) as GqlFilter);
    const searchFilter = findFilter(config, search);
    return {
      getRows(params: IGetRowsParams) {
        const filter = toApiFilter(params.filterModel as Record<string, unknown>, targets, fixed, searchFilter);
        const orderBy = toApiOrder(params.sortModel, orderFields);
        const k = JSON.stringify([filter, orderBy, generation.current]);
        if (k !== key || !pager) {
          key = k;
          shownQuery.current = { filter, orderBy };
          pager = new KeysetPager(fetchPage(filter, orderBy), BLOCK_SIZE);
          shownPager.current = pager;
        }
        pager.block(params.startRow).then(
          (page) => {
            const rows = page.nodes.map((n) => config.toRow(n as never));
            for (const r of rows) seen.current.set(r.id, r);
            setTotal(page.totalCount);
            setLoadError(null);
            params.successCallback(rows, page.totalCount);
          },
          (error: Error) => {
            setLoadError(error);
            params.failCallback();
          },
        );
      },
    };
  }, [fetchPage, config, targets, orderFields, baseKey, search, seen]);

  const reload = useCallback(() => {
    generation.current++;
    apiRef.current?.refreshInfiniteCache();
  }, [apiRef]);

  /**
   * The shown rows at positions `from`..`from + count - 1` (fewer past the last row), read block by
   * block from the server where the grid has not loaded them: a long paste reaches every row.
   */
  const rowsAt = useCallback(
    async (from: number, count: number): Promise<EntityRow[]> => {
      const pager = shownPager.current;
      if (!pager || count <= 0) return [];
      const out: EntityRow[] = [];
      for (let start = Math.floor(from / BLOCK_SIZE) * BLOCK_SIZE; start < from + count; start += BLOCK_SIZE) {
        const page = await pager.block(start);
        page.nodes.forEach((n, i) => {
          const index = start + i;
          if (index < from || index >= from + count) return;
          const row = config.toRow(n as never);
          seen.current.set(row.id, row);
          out[index - from] = row;
        });
        if (!page.pageInfo.hasNextPage) break;
      }
      return out;
    },
    [config, seen],
  );

  return { datasource, fetchPage, reload, total, loadError, shownQuery, searchLater, rowsAt };
}
