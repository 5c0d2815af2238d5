import { validateFollowUpGoal, validateFollowUpStatusReport } from '@fvm/domain';
import { followUpGoals, followUpStatusReports } from '../schema';
import type { EntityWriteSpec } from '../writes/types';
import { simpleSpec } from './helpers';

export const followUpGoalSpec: EntityWriteSpec = simpleSpec('FollowUpGoal', followUpGoals, (c) => validateFollowUpGoal(c.after as never));
export const followUpStatusReportSpec: EntityWriteSpec = simpleSpec('FollowUpStatusReport', followUpStatusReports, (c) =>
  validateFollowUpStatusReport(c.after as never),
);
