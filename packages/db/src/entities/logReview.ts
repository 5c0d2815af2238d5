import { validateReviewItem, validateReviewRoutine } from '@fvm/domain';
import type { Sqlite } from '../client';
import { logReviewItems, logReviewRoutines, logReviewRuns } from '../schema';
import { codecFor } from '../writes/codec';
import { recordChange } from '../writes/history';
import type { BatchEnv, Candidate, EntityWriteSpec } from '../writes/types';
import { prepared } from '../statements';
import { writableColumns } from './helpers';

export const logReviewRoutineSpec: EntityWriteSpec = {
  entity: 'LogReviewRoutine',
  table: logReviewRoutines,
  writable: writableColumns(logReviewRoutines),
  validate: (c) => validateReviewRoutine(c.after as never),
};

/**
 * A review item's finding: only its status, reasoning and case are written (the selection is the
 * run's); when it was decided is the registry's clock, never typed. A decided item is never
 * reopened (validateReviewItem), so a run, once no item of it is open, is completed for good.
 */
export const logReviewItemSpec: EntityWriteSpec = {
  entity: 'LogReviewItem',
  table: logReviewItems,
  writable: ['status', 'finding', 'reasoning', 'decidedBy', 'caseAction', 'caseOutcome', 'caseClosedOn'],
  derivedColumns: ['decidedAt'],
  derive: (c, _ctx, env) => (c.before && c.before.status !== c.after.status ? { decidedAt: env.now } : { decidedAt: c.before?.decidedAt ?? null }),
  validate: (c) => validateReviewItem(c.before as never, c.after as never),
  afterWrite: (written, env, sqlite) => updateRunProgress(sqlite, [...new Set(written.map((c: Candidate) => c.after.runId as number))], env),
};

/** Keeps each run's open-item count and completion date true after findings change, with their own change records. */
export function updateRunProgress(sqlite: Sqlite, runIds: readonly number[], env: BatchEnv) {
  const codec = codecFor(logReviewRuns);
  for (const runId of runIds) {
    const raw = prepared(sqlite, 'SELECT * FROM log_review_runs WHERE id = ?').get(runId) as Record<string, unknown> | undefined;
    if (!raw) continue;
    const before = codec.decode(raw);
    const open = prepared(sqlite, "SELECT count(*) FROM log_review_items WHERE run_id = ? AND status = 'open'").pluck().get(runId) as number;
    const completedOn = open === 0 ? ((before.completedOn as string | null) ?? env.today) : null;
    if (open === before.openItems && completedOn === before.completedOn) continue;
    const after = { ...before, openItems: open, completedOn, version: before.version + 1, updatedAt: env.now };
    prepared(sqlite, 'UPDATE log_review_runs SET open_items = ?, completed_on = ?, version = ?, updated_at = ? WHERE id = ?').run(open, completedOn, after.version, env.now, runId);
    recordChange(sqlite, { entity: 'LogReviewRun', entityId: runId, operation: 'update', before, after, ownerOrgId: before.ownerOrgId, env });
  }
}
