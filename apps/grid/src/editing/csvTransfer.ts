import type { GridApi } from 'ag-grid-community';
import { useCallback, useState, type RefObject } from 'react';
import type { Dictionary, Language } from '../i18n';
import { cellValue, displayText, type GridContextRef } from './cells';
import { displayedSpecs } from './columns';
import type { FetchPage } from './connection';
import { parseCsv, toCsv } from './csv';
import type { Message } from './EditToolbar';
import type { ColumnSpec, EntityConfig, EntityRow, Viewer } from './entity';
import type { GqlFilter } from './filters';
import { matchHeader, planImport, type ImportPlan } from './importPlan';
import type { Lookups } from './lookups';
import { KeysetPager } from './pager';
import type { StagedRows } from './stagedRows';

/** Rows named by id in a file are read this many at a time. */
const ID_BATCH = 500;

export function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser reads the file after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface CsvExportContext {
  config: EntityConfig;
  apiRef: RefObject<GridApi<EntityRow> | null>;
  fetchPage: FetchPage;
  /** The filter and order of the rows shown. */
  shownQuery: RefObject<{ filter?: GqlFilter; orderBy?: unknown }>;
  staged: StagedRows;
  context: GridContextRef;
  lookups: Lookups;
  setMessage: (m: Message) => void;
  t: Dictionary;
  lang: Language;
}

/**
 * Export what the view shows: every row its filter matches, not only those read so far, in the
 * columns shown and as the cells show them (staged values included), with each row's id last so
 * the file imports back as updates.
 */
export function useCsvExport({ config, apiRef, fetchPage, shownQuery, staged, context, lookups, setMessage, t, lang }: CsvExportContext) {
  const { view, today } = staged;
  const [exporting, setExporting] = useState(false);
  const exportCsv = useCallback(async () => {
    const api = apiRef.current;
    if (!api) return;
    setExporting(true);
    try {
      const { filter, orderBy } = shownQuery.current;
      const nodes = await new KeysetPager(fetchPage(filter, orderBy), 1000).all((n, total) => setMessage({ kind: 'info', text: t.exporting(n, total) }));
      const specs = displayedSpecs(api, config).filter((s): s is ColumnSpec => !!s);
      const rows = nodes.map((n) => view(config.toRow(n as never)));
      const table = [
        [...specs.map((s) => s.header(t, lang)), 'id'],
        ...rows.map((v) => [...specs.map((s) => displayText(s, cellValue(s, v, lookups), v.row, context.current)), v.row.id]),
      ];
      download(toCsv(table), `${config.id}-${today}.csv`);
      setMessage({ kind: 'success', text: t.exported(rows.length) });
    } catch (e) {
      setMessage({ kind: 'error', text: t.saveFailed((e as Error).message) });
    } finally {
      setExporting(false);
    }
  }, [apiRef, shownQuery, fetchPage, config, view, context, lookups, setMessage, t, lang, today]);
  return { exportCsv, exporting };
}

export interface CsvImportContext {
  config: EntityConfig;
  viewer: Viewer;
  fetchPage: FetchPage;
  staged: StagedRows;
  lookups: Lookups;
  setMessage: (m: Message) => void;
  t: Dictionary;
  lang: Language;
}

export interface PendingImport {
  fileName: string;
  plan: ImportPlan;
  headers: string[];
  unknown: string[];
}

/**
 * Import a CSV file with a preview: the rows it names by id are read as the server has them now,
 * every cell is checked as if typed, and nothing is staged until the user says so.
 */
export function useCsvImport({ config, viewer, fetchPage, staged, lookups, setMessage, t, lang }: CsvImportContext) {
  const { today, newRow, fresh, seen, dispatch } = staged;
  const [importing, setImporting] = useState<PendingImport | null>(null);
  const readImport = useCallback(
    async (fileName: string, text: string) => {
      try {
        const data = parseCsv(text);
        const header = matchHeader(data[0] ?? [], config.columns);
        if (header.columns.length === 0) {
          setMessage({ kind: 'error', text: t.importNoColumns });
          return;
        }
        const body = data.slice(1);
        const ids = header.idIndex === null ? [] : [...new Set(body.map((r) => (r[header.idIndex!] ?? '').trim()).filter(Boolean))];
        const existing = new Map<string, EntityRow>();
        for (let i = 0; i < ids.length; i += ID_BATCH) {
          const page = await fetchPage({ id: { in: ids.slice(i, i + ID_BATCH) } }, undefined)(ID_BATCH, null);
          for (const n of page.nodes) {
            const row = config.toRow(n as never);
            existing.set(row.id, row);
          }
        }
        const plan = planImport(body, header, { config, viewer, lookups, today, lang, t, existing, newRow });
        setImporting({ fileName, plan, headers: header.columns.map((c) => c.spec.header(t, lang)), unknown: header.unknown });
      } catch (e) {
        setMessage({ kind: 'error', text: t.importFailed((e as Error).message) });
      }
    },
    [config, fetchPage, viewer, lookups, today, lang, t, newRow, setMessage],
  );
  const stageImport = useCallback(() => {
    if (!importing) return;
    const { plan } = importing;
    for (const r of plan.fresh) fresh.current.set(r.id, r);
    const rows = plan.rows.filter((r) => r.isNew || r.edits.length > 0);
    // A staged row is always one the grid knows (the invalid count reads it), shown yet or not.
    for (const r of rows) if (!r.isNew && !seen.current.has(r.id)) seen.current.set(r.id, plan.existing.get(r.id)!);
    dispatch({ type: 'stage', changes: rows.flatMap((r) => r.edits), add: plan.fresh.map((r) => r.id) });
    setImporting(null);
    setMessage({ kind: plan.invalidCells ? 'warning' : 'info', text: t.importStaged(rows.length) });
  }, [importing, fresh, seen, dispatch, setMessage, t]);
  const cancelImport = useCallback(() => setImporting(null), []);
  return { importing, readImport, stageImport, cancelImport };
}
