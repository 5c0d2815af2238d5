import type { ColDef, ICellRendererParams, TooltipCallbackParams } from 'ag-grid-community';
import { AlertIcon } from '../components/Icons';
import type { Dictionary, Language } from '../i18n';
import { findingText, type RegistryFindingItem } from './marks';
import './findings.css';

export const FINDINGS_COLUMN = 'findings';

/** The words on hover: each finding about the row, in the language shown. */
export const findingsHover = (list: readonly RegistryFindingItem[], lang: Language) => list.map((f) => findingText(f, lang)).join('\n');

/** The mark: a warning sign and how many findings concern the row. */
export function FindingMark({ findings, lang, t }: { findings: readonly RegistryFindingItem[]; lang: Language; t: Dictionary }) {
  if (!findings.length) return null;
  return (
    <span
      className="finding-mark"
      data-testid="finding-mark"
      data-count={findings.length}
      data-message={findingsHover(findings, lang)}
      aria-label={t.findingsMarkLabel(findings.length)}
    >
      <AlertIcon width={14} height={14} />
      {findings.length > 1 ? findings.length : null}
    </span>
  );
}

/**
 * The findings column every grid gets, whatever its rows: narrow, pinned left, the mark in the
 * amber of a rule's warning, the texts on hover. `of` reads the row's findings when asked, so the
 * definition changes only with the language.
 */
export function findingsColumn<T>(of: (row: T) => readonly RegistryFindingItem[], t: Dictionary, lang: Language): ColDef<T> {
  return {
    colId: FINDINGS_COLUMN,
    headerName: '',
    // The header shows no words (the column is narrow), but screen readers read its name.
    headerComponent: () => <span className="sr-only">{t.findingsColumn}</span>,
    headerTooltip: t.findingsColumn,
    width: 52,
    minWidth: 52,
    pinned: 'left',
    lockPinned: true,
    sortable: false,
    filter: false,
    resizable: false,
    suppressMovable: true,
    valueGetter: (p) => (p.data ? of(p.data).length : 0),
    cellRenderer: (p: ICellRendererParams<T>) => (p.data ? <FindingMark findings={of(p.data)} lang={lang} t={t} /> : null),
    tooltip: (p: TooltipCallbackParams<T>) => (p.location === 'cell' && p.data ? findingsHover(of(p.data), lang) || undefined : undefined),
    cellClassRules: { 'cell-warning': (p) => !!p.data && of(p.data).length > 0 },
    cellClass: 'cell-finding',
  };
}
