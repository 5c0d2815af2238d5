import type { CustomFilterProps } from 'ag-grid-react';
import { useGridFilter } from 'ag-grid-react';
import { useCallback } from 'react';
import { useI18n } from '../i18n';
import { NULL_VALUE, type ChoiceFilterModel } from './filters';

export interface ChoiceFilterParams {
  choices: readonly { value: string; label: string }[];
}

/**
 * A column filter for a closed list (an enum, yes/no): tick the values to keep. AG Grid's set
 * filter is Enterprise; this one only states the model, which becomes the API's `in` (or, for
 * yes/no, `eq`/`isNull`): the rows are filtered on the server.
 */
export function ChoiceFilter(props: CustomFilterProps<unknown, unknown, ChoiceFilterModel> & ChoiceFilterParams) {
  const { t } = useI18n();
  const { model, onModelChange, choices } = props;
  // The server filters; a row the grid holds always passes.
  const doesFilterPass = useCallback(() => true, []);
  useGridFilter({ doesFilterPass });
  const chosen = new Set(model?.values ?? []);
  const toggle = (value: string) => {
    const next = new Set(chosen);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    onModelChange(next.size ? { filterType: 'choice', values: choices.map((c) => c.value).filter((v) => next.has(v)) } : null);
  };
  return (
    <div className="choice-filter" data-testid="choice-filter">
      {choices.map((c) => (
        <label key={c.value} className="choice-option">
          <input type="checkbox" checked={chosen.has(c.value)} onChange={() => toggle(c.value)} data-value={c.value} />
          <span>{c.value === NULL_VALUE ? t.notAnswered : c.label}</span>
        </label>
      ))}
      <button type="button" className="btn btn-ghost choice-clear" disabled={chosen.size === 0} onClick={() => onModelChange(null)}>
        {t.clearFilter}
      </button>
    </div>
  );
}
