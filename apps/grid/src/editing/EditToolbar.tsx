import type { ReactNode } from 'react';
import { AlertIcon, RedoIcon, UndoIcon } from '../components/Icons';
import { useI18n } from '../i18n';

export type Message = { kind: 'info' | 'success' | 'error' | 'warning'; text: string } | null;

/**
 * The editing toolbar every editable grid shares: how many rows are changed, how many cells break
 * a rule, the last message, undo/redo, Discard and Save (blocked while a cell is invalid).
 * `actions` are the grid's own (add, delete, set for selected, import, export, views).
 */
export function EditToolbar(props: {
  label: string;
  changedRows: number;
  /** The count in the view's own words (the call-off matrix counts call-offs, not rows). */
  changedText?: string;
  invalid: number;
  message: Message;
  canUndo: boolean;
  canRedo: boolean;
  hasChanges: boolean;
  saving: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onDiscard: () => void;
  onSave: () => void;
  /** Shown before the undo button. */
  actions?: ReactNode;
  /** Whether the viewer may change anything here: without it only `actions` are shown. */
  editable?: boolean;
}) {
  const { t } = useI18n();
  const editable = props.editable ?? true;
  return (
    <div className="toolbar" role="toolbar" aria-label={props.label}>
      <div className="toolbar-left">
        {editable && (
          <span className={`chip ${props.changedRows ? 'chip-pending' : 'chip-idle'}`} data-testid="pending-count">
            {props.changedRows ? (props.changedText ?? t.changedRows(props.changedRows)) : t.noChanges}
          </span>
        )}
        {editable && props.invalid > 0 && (
          <span className="chip chip-invalid" data-testid="invalid-count" role="alert">
            <AlertIcon width={14} height={14} />
            {t.invalidCells(props.invalid)}
          </span>
        )}
        {props.message && (
          <span className={`toolbar-message msg-${props.message.kind}`} role="status" data-testid="message" title={props.message.text}>
            {props.message.text}
          </span>
        )}
      </div>
      <div className="toolbar-right">
        {props.actions}
        {editable && (
          <>
            <button
              type="button"
              className="btn btn-icon"
              title={t.undoHint}
              aria-label={t.undo}
              disabled={!props.canUndo}
              onClick={props.onUndo}
              data-testid="undo"
            >
              <UndoIcon />
            </button>
            <button
              type="button"
              className="btn btn-icon"
              title={t.redoHint}
              aria-label={t.redo}
              disabled={!props.canRedo}
              onClick={props.onRedo}
              data-testid="redo"
            >
              <RedoIcon />
            </button>
            <button type="button" className="btn" disabled={!props.hasChanges || props.saving} onClick={props.onDiscard} data-testid="discard">
              {t.discard}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!props.hasChanges || props.invalid > 0 || props.saving}
              onClick={props.onSave}
              data-testid="save"
            >
              {props.saving ? t.saving : t.save}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
