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

export interface FindBarProps {
  /** Offer the search box (the view has something to search in). */
  searchable: boolean;
  onSearch: (text: string) => void;
  /** Offer the switch (the rows have an owner). */
  owned: boolean;
  mine: boolean;
  onMine: (on: boolean) => void;
  organisationName?: string;
}

/** A view's search box and its "my organisation's rows" switch: both narrow the rows on the server. */
export function FindBar({ searchable, onSearch, owned, mine, onMine, organisationName }: FindBarProps) {
  const { t } = useI18n();
  return (
    <>
      {owned && (
        <label className="findings-toggle" title={t.mineHint(organisationName)} data-testid="only-mine-label">
          <input type="checkbox" role="switch" checked={mine} onChange={(e) => onMine(e.target.checked)} data-testid="only-mine" />
          {t.mineOnly}
        </label>
      )}
      {searchable && (
        <input
          type="search"
          className="search"
          placeholder={t.searchPlaceholder}
          aria-label={t.searchRows}
          defaultValue=""
          onChange={(e) => onSearch(e.target.value)}
          data-testid="search"
        />
      )}
    </>
  );
}
