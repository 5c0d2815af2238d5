import { useState } from 'react';
import { useI18n } from '../i18n';
import { columnChoices } from './columns';
import type { ColumnSpec, EntityConfig } from './entity';
import { useLookups } from './lookups';

/** The grid's own buttons in the editing toolbar: add a row, delete the selected rows, one value for all of them. */
export function RowActions({
  config,
  saving,
  selected,
  onAdd,
  onDelete,
  onSetForSelected,
}: {
  config: EntityConfig;
  saving: boolean;
  /** How many rows are selected. */
  selected: number;
  onAdd: () => void;
  onDelete: () => void;
  onSetForSelected: (spec: ColumnSpec, raw: string, value?: unknown) => void;
}) {
  const { t } = useI18n();
  const editableSpecs = config.columns.filter((c) => c.editable && c.kind !== 'computed');
  return (
    <>
      {config.canCreate !== false && (
        <button type="button" className="btn" onClick={onAdd} disabled={saving} data-testid="add-row">
          + {t.addRow}
        </button>
      )}
      {config.canDelete !== false && (
        <button type="button" className="btn" onClick={onDelete} disabled={saving || selected === 0} data-testid="delete-rows" title={t.deleteRowsHint}>
          {t.deleteRows}
        </button>
      )}
      <BulkSet specs={editableSpecs} disabled={saving || selected === 0} selected={selected} onApply={onSetForSelected} />
    </>
  );
}

/** One value for a column of every selected row (a whole column of a selection, like a spreadsheet's fill). */
function BulkSet({
  specs,
  disabled,
  selected,
  onApply,
}: {
  specs: ColumnSpec[];
  disabled: boolean;
  selected: number;
  onApply: (spec: ColumnSpec, raw: string, value?: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const lookups = useLookups();
  const [open, setOpen] = useState(false);
  const [field, setField] = useState(specs[0]?.field ?? '');
  const [text, setText] = useState('');
  const spec = specs.find((s) => s.field === field) ?? specs[0];
  if (!spec) return null;
  const choices = columnChoices(spec, t, lang, lookups);
  const apply = () => {
    if (choices) {
      const choice = choices.find((c) => c.value === text);
      const value = choice ? (spec.kind === 'boolean' ? choice.value === 'true' : choice.value) : null;
      onApply(spec, choice?.label ?? '', value);
    } else onApply(spec, text);
    setOpen(false);
  };
  return (
    <span className="popover-anchor">
      <button
        type="button"
        className="btn"
        disabled={disabled}
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        data-testid="bulk-set"
        title={t.bulkSetHint}
      >
        {t.bulkSet}
        {selected > 0 && <span className="btn-count">{selected}</span>}
      </button>
      {open && !disabled && (
        <div className="popover" role="dialog" aria-label={t.bulkSet} data-testid="bulk-set-panel">
          <label>
            {t.bulkColumn}
            <select value={spec.field} onChange={(e) => (setField(e.target.value), setText(''))} data-testid="bulk-field">
              {specs.map((s) => (
                <option key={s.field} value={s.field}>
                  {s.header(t, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.bulkValue}
            {choices ? (
              <select value={text} onChange={(e) => setText(e.target.value)} data-testid="bulk-value">
                <option value="">—</option>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            ) : (
              <input value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} data-testid="bulk-value" />
            )}
          </label>
          <div className="popover-actions">
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t.cancel}
            </button>
            <button type="button" className="btn btn-primary" onClick={apply} data-testid="bulk-apply">
              {t.bulkApply(selected)}
            </button>
          </div>
        </div>
      )}
    </span>
  );
}
