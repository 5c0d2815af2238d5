import { useCallback, useState } from 'react';
import { useI18n } from '../i18n';
import { loadMine, mineKey, storeMine } from './findRows';

/** The "my organisation's rows" switch of one view, remembered per user (off until turned on). */
export function useMineSwitch(viewer: { organisationId: string; role: string }, viewId: string) {
  const key = mineKey(viewer, viewId);
  const [mine, setMineState] = useState(() => loadMine(key));
  const setMine = useCallback(
    (on: boolean) => {
      storeMine(key, on);
      setMineState(on);
    },
    [key],
  );
  return { mine, setMine };
}

/**
 * The "my organisation's rows" switch: first among a view's tools and drawn as a switch that
 * stands out (styles in editing.css), for an org admin's rows are a few among hundreds. It narrows
 * the rows on the server and is remembered per user and view.
 */
export function MineSwitch({ mine, onMine, organisationName }: { mine: boolean; onMine: (on: boolean) => void; organisationName?: string }) {
  const { t } = useI18n();
  return (
    <label className={`mine-switch${mine ? ' on' : ''}`} title={t.mineHint(organisationName)} data-testid="only-mine-label">
      <input type="checkbox" role="switch" checked={mine} onChange={(e) => onMine(e.target.checked)} data-testid="only-mine" />
      {t.mineOnly}
    </label>
  );
}

/** A view's search box, over the API's `search`. */
export function SearchBox({ onSearch }: { onSearch: (text: string) => void }) {
  const { t } = useI18n();
  return (
    <input
      type="search"
      className="search"
      placeholder={t.searchPlaceholder}
      aria-label={t.searchRows}
      defaultValue=""
      onChange={(e) => onSearch(e.target.value)}
      data-testid="search"
    />
  );
}
