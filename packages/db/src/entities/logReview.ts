import { validateReviewItem, validateReviewRoutine } from '@fvm/domain';
import { logReviewItems, logReviewRoutines, logReviewRuns } from '../schema';
import type { Row } from '../writes/codec';
import { count, recordChange, select, update, type Io } from '../writes/effects';
import type { Candidate, EntityWriteSpec, WriteEnv } from '../writes/types';
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
  afterWrite: (written, env) => updateRunProgress([...new Set(written.map((c: Candidate) => c.after.runId as number))], env),
};

/** Keeps each run's open-item count and completion date true after findings change, with their own change records. */
export function* updateRunProgress(runIds: readonly number[], env: WriteEnv): Io<void> {
  for (const runId of runIds) {
    const [before] = (yield* select(logReviewRuns, { id: { eq: runId } })) as Row[];
    if (!before) continue;
    const open = yield* count(logReviewItems, { runId: { eq: runId }, status: { eq: 'open' } });
    const completedOn = open === 0 ? ((before.completedOn as string | null) ?? env.today) : null;
    if (open === before.openItems && completedOn === before.completedOn) continue;
    const after = { ...before, openItems: open, completedOn, version: before.version + 1, updatedAt: env.now };
    yield* update(logReviewRuns, { id: { eq: runId } }, { openItems: open, completedOn, version: after.version, updatedAt: env.now });
    yield* recordChange({
      entity: 'LogReviewRun',
      entityId: runId,
      operation: 'update',
      before,
      after,
      ownerOrgId: before.ownerOrgId,
      viewer: env.viewer,
      now: env.now,
    });
  }
}
