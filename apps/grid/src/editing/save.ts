import { useCallback, useState } from 'react';
import { useClient } from 'urql';
import type { Dictionary } from '../i18n';
import type { Message } from './EditToolbar';
import type { CellEdit, ColumnSpec, EntityConfig, EntityRow, EntityStaging, RowView } from './entity';
import { mapResults, outcomeCounts, type ApiRowResult } from './outcomes';
import type { StagedRows } from './stagedRows';
import type { Outcome } from './types';
import { toApiValue } from './values';

const SAVED_FLASH_MS = 2500;

/** One row of a Save, keyed for its outcome: its id, or a new row's temporary id. */
export interface SentRow {
  key: string;
  version: number;
  input: Record<string, unknown>;
}

/** Everything staged, as one bulk mutation sends it. */
export interface SaveBatch {
  creates: SentRow[];
  updates: SentRow[];
  deletes: SentRow[];
}

/** The answer to a save (see saveDocument): one result per row, each naming its list and index. */
type SaveAnswer = { save?: { committed: boolean; results: ApiRowResult[] } };

export interface BatchContext {
  config: EntityConfig;
  staging: EntityStaging;
  byRow: ReadonlyMap<string, Record<string, CellEdit>>;
  view: (row: EntityRow) => RowView;
  /** Rows added here, by temporary id. */
  fresh: ReadonlyMap<string, EntityRow>;
  /** What every new row is created with besides its cells (API form). */
  createInput?: Record<string, unknown>;
}

/**
 * The staged changes as the API takes them: a new row with every value it has, a changed row with
 * only its changed cells and the version they are based on, a deletion with the version quoted.
 * A new row's cell edits are part of its create; a row to delete sends no edits.
 */
export function saveBatch({ config, staging, byRow, view, fresh, createInput }: BatchContext): SaveBatch {
  const inputOf = (spec: ColumnSpec, value: unknown) => toApiValue(spec.kind as never, value);
  const specOf = (field: string) => config.columns.find((c) => c.field === field);
  const creates = staging.added.map((id) => {
    const v = view(fresh.get(id)!);
    const input: Record<string, unknown> = { ...(config.createInput ?? {}), ...(createInput ?? {}) };
    for (const spec of config.columns) {
      if (!spec.editable || spec.kind === 'computed') continue;
      const value = v.values[spec.field];
      if (value !== null && value !== undefined) input[spec.field] = inputOf(spec, value);
    }
    return { key: id, version: 0, input };
  });
  const deletes = Object.entries(staging.deleted).map(([id, version]) => ({ key: id, version, input: { id, version } }));
  const updates = [...byRow.entries()]
    .filter(([id]) => !staging.added.includes(id) && !(id in staging.deleted))
    .map(([id, edits]) => {
      const list = Object.values(edits);
      const version = list[0]!.version;
      const input: Record<string, unknown> = { id, version };
      for (const e of list) {
        const spec = specOf(e.field);
        if (spec) input[e.field] = inputOf(spec, e.value);
      }
      return { key: id, version, input };
    });
  return { creates, updates, deletes };
}

/**
 * The save's variables: only the lists that have rows (an entity may take updates alone).
 * allowPartial: the valid rows are written, in one transaction, and each other row is marked with
 * its outcome and stays staged, to be fixed and saved again.
 */
export function saveVariables({ creates, updates, deletes }: SaveBatch) {
  return {
    input: {
      ...(creates.length ? { create: creates.map((c) => c.input) } : {}),
      ...(updates.length ? { update: updates.map((u) => u.input) } : {}),
      ...(deletes.length ? { delete: deletes.map((d) => d.input) } : {}),
      allowPartial: true,
    },
  };
}

/**
 * The answer as outcomes per row id. A created row's outcome goes under its new id, and `created`
 * maps its temporary id to it; one the server refused stays under the temporary id, still staged.
 */
export function saveOutcomes(batch: SaveBatch, results: readonly ApiRowResult[], convert: (node: never) => EntityRow) {
  const of = (operation: string) => results.filter((r) => r.operation === operation);
  const outcomes: Record<string, Outcome<EntityRow>> = {
    ...mapResults(batch.updates, of('UPDATE'), convert),
    ...mapResults(batch.deletes, of('DELETE'), convert),
  };
  const created: Record<string, string> = {};
  for (const [temp, o] of Object.entries(mapResults(batch.creates, of('CREATE'), convert))) {
    if (o.kind === 'saved' && o.node) {
      created[temp] = o.node.id;
      outcomes[o.node.id] = o;
    } else outcomes[temp] = o;
  }
  return { outcomes, created };
}

/**
 * Save: one request (save<Plural>: creates, updates and deletes in one transaction), each row's
 * outcome shown in place; then everything is read again, and the rows saved lose their flash after
 * a moment.
 */
export function useSave(
  config: EntityConfig,
  createInput: Record<string, unknown> | undefined,
  staged: StagedRows,
  reload: () => void,
  setMessage: (m: Message) => void,
  t: Dictionary,
) {
  const client = useClient();
  const [saving, setSaving] = useState(false);
  const { staging, byRow, view, fresh, dispatch, hasChanges, invalid } = staged;
  const save = useCallback(async () => {
    if (!config.save || !hasChanges || invalid > 0 || saving) return;
    const batch = saveBatch({ config, staging, byRow, view, fresh: fresh.current, createInput });
    setSaving(true);
    setMessage(null);
    try {
      const result = await client.mutation(config.save, saveVariables(batch)).toPromise();
      const data = (result.data as SaveAnswer | undefined)?.save;
      if (!data) {
        const reason = result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? '';
        setMessage({ kind: 'error', text: t.saveFailed(reason) });
        return;
      }
      const { outcomes, created } = saveOutcomes(batch, data.results, config.toRow as (n: never) => EntityRow);
      dispatch({ type: 'saved', outcomes, created });
      for (const temp of Object.keys(created)) fresh.current.delete(temp);
      const counts = outcomeCounts(outcomes);
      setMessage({ kind: counts.failed ? 'warning' : 'success', text: t.saveSummaryRows(counts.saved, counts.failed) });
      reload();
      const savedIds = Object.entries(outcomes)
        .filter(([, o]) => o.kind === 'saved')
        .map(([id]) => id);
      if (savedIds.length) setTimeout(() => dispatch({ type: 'clearOutcomes', rowIds: savedIds }), SAVED_FLASH_MS);
    } finally {
      setSaving(false);
    }
  }, [config, createInput, hasChanges, invalid, saving, staging, byRow, view, fresh, dispatch, client, t, reload, setMessage]);
  return { save, saving };
}
