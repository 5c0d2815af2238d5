import { CALL_OFF_STATUSES, isActiveCallOff } from '@fvm/domain';
import type { ICellRendererParams, IHeaderParams } from 'ag-grid-community';
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MutableRefObject, type SyntheticEvent } from 'react';
import { AlertIcon, LockIcon } from '../components/Icons';
import { isErrorFinding } from '../editing/entity';
import { STATE_ICON, stateWords } from '../editing/cells';
import type { Dictionary, Language } from '../i18n';
import { useI18n } from '../i18n';
import { statusLabel, statusOf, type MatrixCell, type MatrixRow } from './matrix';

/** What the matrix's cells read (through AG Grid's `context`), current at every render. */
export interface MatrixContext {
  t: Dictionary;
  lang: Language;
  editing: boolean;
  register: (row: MatrixRow, cell: MatrixCell) => void;
  details: (row: MatrixRow, cell: MatrixCell) => void;
  withdraw: (row: MatrixRow, cell: MatrixCell) => void;
  keepMine: (rowId: string) => void;
  takeTheirs: (rowId: string) => void;
}
export type MatrixContextRef = MutableRefObject<MatrixContext>;

export const optionOf = (colId: string | undefined) => (colId?.startsWith('option-') ? Number(colId.slice('option-'.length)) : null);

export function cellOf(p: { data?: MatrixRow; column?: { getColId(): string } | null }): MatrixCell | undefined {
  const option = optionOf(p.column?.getColId());
  return option === null ? undefined : p.data?.cells[option];
}

const pick = (lang: Language) => (v: { message: string; messageSv: string }) => (lang === 'sv' ? v.messageSv : v.message);

/** Whether the cell may be changed by typing, choosing, pasting or withdrawing. */
export const cellEditable = (cell: MatrixCell | undefined): cell is MatrixCell & { row: NonNullable<MatrixCell['row']> } =>
  !!cell?.row && !!cell.view?.editable && !cell.view.deleted;

/** The words on hover: the rules' messages, the outcome, what the cell was, or why it cannot change. */
export function cellMessage(cell: MatrixCell | undefined, row: MatrixRow | undefined, g: Pick<MatrixContext, 't' | 'lang' | 'editing'>): string {
  if (!cell || !row) return '';
  const { t, lang } = g;
  const say = pick(lang);
  const v = cell.view;
  if (!v) return cell.canRegister ? t.noCallOffRegister : t.noCallOffHint;
  const o = v.outcome;
  if (o?.kind === 'conflict') return t.conflictServer(statusLabel((o.current.values.status as string | null) ?? null, lang), o.current.version);
  const findings = [...Object.values(v.cells).flat(), ...v.rowViolations];
  if (findings.length) {
    const words = [...findings.filter(isErrorFinding), ...findings.filter((f) => !isErrorFinding(f))].map(say);
    // The enum rule names the API's values; say which words the grid reads, in the user's language.
    if (findings.some((f) => f.code === 'enum' || f.code === 'parse.enum'))
      words.push(t.statusChoices(CALL_OFF_STATUSES.map((s) => statusLabel(s, lang)).join(', ')));
    return words.join(' ');
  }
  if (o?.kind === 'invalid') return o.violations.map(say).join(' ');
  if (o?.kind === 'forbidden') return say(o);
  if (o?.kind === 'notApplied') return t.notAppliedHint;
  if (o?.kind === 'notFound') return o.message;
  if (o?.kind === 'saved') return [t.outcomeSaved, ...o.warnings.map(say)].join(' ');
  const edit = v.edits.status;
  if (edit && !v.isNew) return t.wasValue(statusLabel((edit.original as string | null) ?? null, lang));
  if (g.editing && !v.editable) return t.readOnlyHint(row.name);
  return '';
}

const stop = (e: SyntheticEvent) => e.stopPropagation();

export function StatusCell(p: ICellRendererParams<MatrixRow>) {
  const g = (p.context as MatrixContextRef).current;
  const { t, lang } = g;
  const cell = cellOf(p);
  if (!p.data || !cell) return null;
  const row = p.data;
  const message = cellMessage(cell, row, g);
  const option = t.optionNumber(cell.option.number);
  const v = cell.view;
  if (!v) {
    if (cell.canRegister) {
      return (
        <span className="status-cell status-none" data-testid="cell" data-message={message}>
          <button
            type="button"
            className="mini mini-register"
            onMouseDown={stop}
            onDoubleClick={stop}
            onClick={() => g.register(row, cell)}
            aria-label={t.registerLabel(row.name, option)}
            data-testid="register"
          >
            + {t.register}
          </button>
        </span>
      );
    }
    return (
      <span className="status-cell status-none" data-testid="cell" data-message={message}>
        {t.noCallOff}
      </span>
    );
  }
  const value = statusOf(v) ?? '';
  const known = (CALL_OFF_STATUSES as readonly string[]).includes(value);
  const conflict = v.outcome?.kind === 'conflict' ? v.outcome : null;
  const invalid = v.invalidCells > 0 || v.outcome?.kind === 'invalid';
  const editable = g.editing && cellEditable(cell);
  return (
    <div className="status-cell" data-testid="cell" data-status={value} data-message={message}>
      <div className="status-line">
        {g.editing && !v.editable && <LockIcon className="lock" width={13} height={13} aria-label={t.legendReadOnly} />}
        <span className={`status-dot dot-${known ? value : 'unknown'}`} aria-hidden="true" />
        <span className="status-text">{statusLabel(value, lang) || '—'}</span>
        {v.isNew && <span className="badge-new">{t.newCallOff}</span>}
        {invalid && <AlertIcon className="cell-alert" width={14} height={14} />}
        {editable && !conflict && (
          <span className="cell-actions" onMouseDown={stop} onDoubleClick={stop}>
            <button
              type="button"
              className="mini mini-plain"
              onClick={() => g.details(row, cell)}
              aria-label={t.registerEditLabel(row.name, option)}
              title={t.registerEdit}
              data-testid="details"
            >
              …
            </button>
            {(v.isNew || isActiveCallOff(value)) && (
              <button
                type="button"
                className="mini mini-withdraw"
                onClick={() => g.withdraw(row, cell)}
                aria-label={v.isNew ? t.removeNewCallOff(row.name, option) : t.withdrawLabel(row.name, option)}
                title={v.isNew ? t.removeNewCallOff(row.name, option) : t.withdrawLabel(row.name, option)}
                data-testid="withdraw"
              >
                {v.isNew ? '✕' : t.withdraw}
              </button>
            )}
          </span>
        )}
      </div>
      {conflict && (
        <div className="conflict-box" onMouseDown={stop} onDoubleClick={stop} onKeyDown={stop}>
          <div className="conflict-server">{t.conflictShort(statusLabel((conflict.current.values.status as string | null) ?? null, lang))}</div>
          {/* In a narrow column the buttons say it short (styles.css); the tooltip and the label in full. */}
          <div className="conflict-actions">
            <ConflictChoice primary label={t.keepMine} short={t.keepMineShort} onChoose={() => g.keepMine(v.row.id)} testId="keep-mine" />
            <ConflictChoice label={t.takeTheirs} short={t.takeTheirsShort} onChoose={() => g.takeTheirs(v.row.id)} testId="take-theirs" />
          </div>
        </div>
      )}
    </div>
  );
}

export function RowStateCell(p: ICellRendererParams<MatrixRow>) {
  const g = (p.context as MatrixContextRef).current;
  const { t } = g;
  const row = p.data;
  if (!row) return null;
  if (row.state) {
    const word = row.state === 'new' ? t.outcomeNew : stateWords(t)[row.state];
    return (
      <span
        className={`row-state row-state-fit state-${row.state === 'new' ? 'pending' : row.state}`}
        data-testid="row-state"
        data-state={row.state}
        title={word}
      >
        {STATE_ICON[row.state === 'new' ? 'pending' : row.state]}
        <span className="state-word">{word}</span>
      </span>
    );
  }
  if (g.editing && !row.editable) {
    return (
      <span className="row-state state-readonly" data-testid="row-state" data-state="readonly" title={t.readOnlyHint(row.name)}>
        <LockIcon width={13} height={13} aria-label={t.legendReadOnly} />
      </span>
    );
  }
  if (row.own) {
    return (
      <span className="row-state state-own" data-testid="row-state" data-state="own">
        {t.ownRow}
      </span>
    );
  }
  return null;
}

export function OptionHeader(p: IHeaderParams<MatrixRow> & { number: number; name: string }) {
  const { t } = useI18n();
  return (
    <div className="option-header">
      <span className="option-number">{t.optionNumber(p.number)}</span>
      <span className="option-name">{p.name}</span>
    </div>
  );
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');

/**
 * A status typed or chosen: the keys typed on the cell start the text, the list below offers the
 * statuses whose label or value begins with it, arrows move in the list and Enter takes the one
 * marked (or the text as typed, which the rules then judge). A click takes a status at once.
 */
export function StatusEditor(p: CustomCellEditorProps<MatrixRow, string | null>) {
  const { t, lang } = useI18n();
  const typed = p.eventKey && p.eventKey.length === 1 ? p.eventKey : '';
  const [text, setText] = useState(typed);
  const current = p.value ?? '';
  const choices = useMemo(() => CALL_OFF_STATUSES.map((s) => ({ value: s, label: statusLabel(s, lang) })), [lang]);
  const matches = useMemo(() => {
    const q = normalise(text);
    return q ? choices.filter((c) => normalise(c.label).startsWith(q) || c.value.startsWith(q)) : choices;
  }, [text, choices]);
  const [active, setActive] = useState(() => Math.max(0, typed ? 0 : choices.findIndex((c) => c.value === current)));
  const input = useRef<HTMLInputElement>(null);
  const { onValueChange } = p;

  // Focused before the browser paints: keys typed right after the first one are the field's, not lost.
  useLayoutEffect(() => {
    input.current?.focus();
  }, []);
  // The value the grid takes on Enter or when the focus leaves: the marked status, else the text as typed.
  useEffect(() => {
    const marked = matches[Math.min(active, matches.length - 1)];
    onValueChange(marked ? marked.value : text.trim() === '' ? current : text);
  }, [matches, active, text, current, onValueChange]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      const n = matches.length || 1;
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    }
  };
  const listId = `status-list-${p.node.id ?? ''}-${p.column.getColId()}`;
  return (
    <div className="status-editor" data-testid="status-editor">
      <input
        ref={input}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-label={t.statusEditorLabel}
        placeholder={statusLabel(current, lang)}
        data-testid="status-input"
      />
      <ul id={listId} role="listbox" aria-label={t.statusEditorLabel}>
        {matches.map((c, i) => (
          <li
            key={c.value}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              // Marked, the choice is the editor's value (see the effect above); the grid reads it once that has run.
              setActive(i);
              onValueChange(c.value);
              setTimeout(() => p.stopEditing(), 0);
            }}
            data-testid="status-choice"
          >
            <span className={`status-dot dot-${c.value}`} aria-hidden="true" />
            {c.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One way out of a conflict: the label in full, or short where the column is narrow (styles.css). */
function ConflictChoice(p: { label: string; short: string; onChoose: () => void; testId: string; primary?: boolean }) {
  return (
    <button type="button" className={p.primary ? 'mini mini-primary' : 'mini'} onClick={p.onChoose} title={p.label} aria-label={p.label} data-testid={p.testId}>
      <span className="label-long">{p.label}</span>
      <span className="label-short">{p.short}</span>
    </button>
  );
}
