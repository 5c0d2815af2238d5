import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { BookmarkIcon, ColumnsIcon, DownloadIcon, UploadIcon } from './icons';
import type { ImportPlan } from './importPlan';

/** A button with a panel under it that closes on Escape or a click outside. */
function Popover({
  label,
  icon,
  testId,
  children,
  title,
}: {
  label: string;
  icon: ReactNode;
  testId: string;
  title?: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <span className="popover-anchor" ref={ref}>
      <button type="button" className="btn" onClick={() => setOpen(!open)} aria-expanded={open} data-testid={testId} title={title}>
        {icon}
        {label}
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label={label} data-testid={`${testId}-panel`}>
          {children(() => setOpen(false))}
        </div>
      )}
    </span>
  );
}

export function ColumnsMenu({
  columns,
  onToggle,
}: {
  columns: () => { field: string; header: string; visible: boolean }[];
  onToggle: (field: string, visible: boolean) => void;
}) {
  const { t } = useI18n();
  const [, bump] = useState(0);
  return (
    <Popover label={t.columnsMenu} icon={<ColumnsIcon width={15} height={15} />} testId="columns-menu">
      {() => (
        <div className="popover-list">
          {columns().map((c) => (
            <label key={c.field}>
              <input
                type="checkbox"
                checked={c.visible}
                onChange={(e) => {
                  onToggle(c.field, e.target.checked);
                  bump((n) => n + 1);
                }}
                data-field={c.field}
              />
              {c.header}
            </label>
          ))}
        </div>
      )}
    </Popover>
  );
}

export function ViewsMenu({
  names,
  onApply,
  onSave,
  onDelete,
  onReset,
}: {
  names: string[];
  onApply: (name: string) => void;
  onSave: (name: string) => void;
  onDelete: (name: string) => void;
  onReset: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  return (
    <Popover label={t.viewsMenu} icon={<BookmarkIcon width={15} height={15} />} testId="views-menu">
      {(close) => (
        <>
          <div className="popover-title">{t.viewsMenu}</div>
          <div className="popover-list">
            {names.length === 0 && <span className="muted small">{t.viewNone}</span>}
            {names.map((n) => (
              <div className="view-item" key={n}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    onApply(n);
                    close();
                  }}
                  data-testid="view-apply"
                >
                  {n}
                </button>
                <button type="button" className="mini mini-plain" title={t.viewDelete} aria-label={`${t.viewDelete}: ${n}`} onClick={() => onDelete(n)}>
                  ✕
                </button>
              </div>
            ))}
          </div>
          <label>
            {t.viewSaveAs}
            <input
              value={name}
              placeholder={t.viewName}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && name.trim()) {
                  onSave(name.trim());
                  setName('');
                  close();
                }
              }}
              data-testid="view-name"
            />
          </label>
          <div className="popover-actions">
            <button
              type="button"
              className="btn"
              onClick={() => {
                onReset();
                close();
              }}
              data-testid="view-reset"
            >
              {t.viewReset}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!name.trim()}
              onClick={() => {
                onSave(name.trim());
                setName('');
                close();
              }}
              data-testid="view-save"
            >
              {t.save}
            </button>
          </div>
        </>
      )}
    </Popover>
  );
}

export function ExportButton({ onExport, busy }: { onExport: () => void; busy: boolean }) {
  const { t } = useI18n();
  return (
    <button type="button" className="btn" onClick={onExport} disabled={busy} data-testid="export-csv" title={t.exportCsvHint}>
      <DownloadIcon width={15} height={15} />
      {t.exportCsv}
    </button>
  );
}

export function ImportButton({ onFile }: { onFile: (name: string, text: string) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()} data-testid="import-csv" title={t.importCsvHint}>
        <UploadIcon width={15} height={15} />
        {t.importCsv}
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv,text/plain"
        hidden
        data-testid="import-file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file.name, await file.text());
        }}
      />
    </>
  );
}

/** The preview of a CSV import: every row and cell as it would be staged, invalid cells marked with the rule's words. */
export function ImportDialog({
  fileName,
  plan,
  headers,
  unknown,
  onCancel,
  onStage,
}: {
  fileName: string;
  plan: ImportPlan;
  headers: string[];
  unknown: string[];
  onCancel: () => void;
  onStage: () => void;
}) {
  const { t } = useI18n();
  const stageable = plan.rows.some((r) => r.isNew || r.edits.length > 0);
  return (
    <div className="dialog-backdrop" role="presentation">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
        <h2 id="import-title">{t.importTitle(fileName)}</h2>
        <p className="muted">{t.importIntro}</p>
        {unknown.length > 0 && <p className="msg-warning small">{t.importUnknownColumns(unknown.join(', '))}</p>}
        <div className="dialog-body">
          <table className="import-table" data-testid="import-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t.colState}</th>
                {headers.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {plan.rows.map((r) => (
                <tr key={r.line} data-line={r.line}>
                  <td className="row-kind">{r.line}</td>
                  <td className={`row-kind${r.error ? ' invalid' : ''}`} title={r.error ?? undefined}>
                    {r.error ? `⚠ ${r.error}` : r.isNew ? t.importNew : r.edits.length ? t.outcomePending : '—'}
                  </td>
                  {r.cells.map((c) => (
                    <td
                      key={c.field}
                      className={c.invalid ? 'invalid' : c.changed ? 'changed' : undefined}
                      title={c.invalid ?? undefined}
                      data-invalid={c.invalid ? 'true' : undefined}
                    >
                      {c.raw}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="dialog-foot">
          <span className={plan.invalidCells ? 'msg-error' : 'muted'} data-testid="import-summary">
            {t.importSummary(plan.rows.length, plan.created, plan.updated, plan.invalidCells)}
          </span>
          <div className="popover-actions">
            <button type="button" className="btn" onClick={onCancel} data-testid="import-cancel">
              {t.cancel}
            </button>
            <button type="button" className="btn btn-primary" disabled={!stageable} onClick={onStage} data-testid="import-stage">
              {t.importStage}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
