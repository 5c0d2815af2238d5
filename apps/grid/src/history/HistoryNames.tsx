import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import type { ResultOf } from '../graphql';
import { useI18n } from '../i18n';
import type { NameOf } from './describe';
import { HistoryNamesQuery, nodeName } from './names';

type NamedNode = ResultOf<typeof HistoryNamesQuery>['nodes'][number];

interface Names {
  /** Asks for these rows' names (once each; the cells of one screen are asked for together). */
  want: (ids: readonly string[]) => void;
  nameOf: NameOf;
}

const NamesContext = createContext<Names | null>(null);

/** `nodes(ids:)` takes the IDs of one screen in a few requests, not one per cell. */
const BATCH = 200;

/**
 * Reads the names of the rows the history shows, for every cell and panel beneath it: each asks
 * for the IDs it shows, and those asked for in the same moment go in one request.
 */
export function HistoryNamesProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const { lang } = useI18n();
  const [nodes, setNodes] = useState<ReadonlyMap<string, NamedNode>>(new Map());
  const asked = useRef(new Set<string>());
  const queue = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    const ids = [...queue.current];
    queue.current.clear();
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      void client
        .query(HistoryNamesQuery, { ids: batch })
        .toPromise()
        .then((r) => {
          // On an error the IDs stay unnamed (shown by number) rather than asked for in a loop.
          const found = r.data?.nodes ?? batch.map(() => null);
          setNodes((prev) => {
            const next = new Map(prev);
            batch.forEach((id, k) => next.set(id, found[k] ?? null));
            return next;
          });
        });
    }
  }, [client]);

  const want = useCallback(
    (ids: readonly string[]) => {
      for (const id of ids) {
        if (asked.current.has(id)) continue;
        asked.current.add(id);
        queue.current.add(id);
      }
      if (queue.current.size && !timer.current) timer.current = setTimeout(flush, 0);
    },
    [flush],
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const value = useMemo<Names>(
    () => ({
      want,
      nameOf: (id) => {
        if (!nodes.has(id)) return undefined;
        const node = nodes.get(id);
        return node ? nodeName(node, lang) || null : null;
      },
    }),
    [want, nodes, lang],
  );
  return <NamesContext.Provider value={value}>{children}</NamesContext.Provider>;
}

/** The names of these rows, asked for now and given as they arrive (nothing outside a provider). */
export function useNames(ids: readonly string[]): NameOf {
  const names = useContext(NamesContext);
  const key = ids.join(',');
  useEffect(() => {
    names?.want(ids);
  }, [names, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return names?.nameOf ?? (() => undefined);
}
