import { useMemo, useState } from 'react';
import { EntityGrid } from '../editing/EntityGrid';
import type { EntityConfig, EntityRow, Viewer } from '../editing/entity';
import type { GqlFilter } from '../editing/filters';
import { HistoryNamesProvider } from '../history/HistoryNames';
import { useI18n } from '../i18n';
import { changeHistory } from './ChangesView';

/**
 * A row's global ID as the change history names it: the type (`Change.entity`) and its internal
 * number (`Change.entityId`). Null for an ID of another form.
 */
export function historySubject(globalId: string): { entity: string; entityId: number } | null {
  try {
    const [entity, id] = atob(globalId).split(':');
    const entityId = Number(id);
    return entity && Number.isSafeInteger(entityId) ? { entity, entityId } : null;
  } catch {
    return null;
  }
}

/** An entity's editable grid with the focused row's change history below it (read-only). */
export function RowHistoryView({ config, viewer, testId, baseFilter }: { config: EntityConfig; viewer: Viewer; testId: string; baseFilter?: GqlFilter }) {
  const { t } = useI18n();
  const [focused, setFocused] = useState<EntityRow | null>(null);
  const row = focused && !focused.isNew ? focused : null;
  const subject = row ? historySubject(row.id) : null;
  const historyFilter = useMemo(
    () => (subject ? { entity: { eq: subject.entity }, entityId: { eq: subject.entityId } } : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the subject's fields: `subject` is a new object every render
    [subject?.entity, subject?.entityId],
  );
  return (
    <div className="split">
      <EntityGrid config={config} viewer={viewer} testId={testId} baseFilter={baseFilter} onFocusRow={setFocused} />
      <div className={`split-detail${subject ? ' open' : ''}`} data-testid="history-panel">
        {row && subject ? (
          <HistoryNamesProvider>
            <EntityGrid
              // A new version (a save) reads the history again.
              key={`${row.id}:${row.version}`}
              config={changeHistory}
              viewer={viewer}
              primary={false}
              testId="history-view"
              baseFilter={historyFilter}
              heading={<h2 className="sub-title">{t.historyTitle(config.describe?.(row) ?? '')}</h2>}
            />
          </HistoryNamesProvider>
        ) : (
          <p className="muted detail-empty">{t.historyPick}</p>
        )}
      </div>
    </div>
  );
}
