import { useMemo, useState } from 'react';
import { EntityGrid } from '../editing/EntityGrid';
import type { ColumnSpec, EntityConfig, EntityRow, Viewer } from '../editing/entity';
import { ChangeDetail, changes } from '../entities/changes';
import { HistoryNamesProvider } from '../history/HistoryNames';
import { ENTITY_TYPE_NAMES, entityTypeLabel, useI18n } from '../i18n';
import './changes.css';

/**
 * The change history with each row's type in the reader's language: the API names it as the
 * server does (CallOff), the column shows the dictionary's word (Avrop; a type it has no word for
 * as the server spells it). Its text filter would match the server's spelling, not the words
 * shown, so the type is chosen from a list in the same words instead (ChangesView).
 */
export const changeHistory: EntityConfig = {
  ...changes,
  columns: changes.columns.map((c): ColumnSpec =>
    c.field === 'entity' ? { ...c, filter: undefined, format: (value, t) => (value == null ? '' : entityTypeLabel(t, String(value))) } : c,
  ),
};

/** The change history (read-only), one type of row or all, and the focused change before and after. */
export function ChangesView({ viewer }: { viewer: Viewer }) {
  const { t, lang } = useI18n();
  const [focused, setFocused] = useState<EntityRow | null>(null);
  const [entity, setEntity] = useState('');
  const types = useMemo(
    () => ENTITY_TYPE_NAMES.map((name) => ({ name, label: entityTypeLabel(t, name) })).sort((a, b) => a.label.localeCompare(b.label, lang)),
    [t, lang],
  );
  const baseFilter = useMemo(() => (entity ? { entity: { eq: entity } } : undefined), [entity]);
  return (
    <HistoryNamesProvider>
      <div className="split">
        <div className="changes-type">
          <label htmlFor="changes-entity">{t.colEntity}</label>
          <select
            id="changes-entity"
            value={entity}
            title={t.changesEntityFilter}
            onChange={(e) => {
              setEntity(e.target.value);
              setFocused(null);
            }}
            data-testid="changes-entity"
          >
            <option value="">{t.changesEntityAll}</option>
            {types.map((type) => (
              <option key={type.name} value={type.name}>
                {type.label}
              </option>
            ))}
          </select>
        </div>
        <EntityGrid config={changeHistory} viewer={viewer} testId="changes-view" baseFilter={baseFilter} onFocusRow={setFocused} />
        <div className={`split-detail${focused ? ' open' : ''}`} data-testid="change-detail">
          {focused ? <ChangeDetail row={focused} /> : <p className="muted detail-empty">{t.changePick}</p>}
        </div>
      </div>
    </HistoryNamesProvider>
  );
}
