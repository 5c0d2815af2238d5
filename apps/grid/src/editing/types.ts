import type { RuleViolation } from '@fvm/domain';

/** A rule finding as the domain or the server states it. */
export type Violation = Pick<RuleViolation, 'field' | 'code' | 'message' | 'messageSv'> & { severity?: string };

/**
 * What the server said about one sent row. `F` is the row as the grid keeps it; a deleted row
 * comes back saved without a node.
 */
export type Outcome<F> =
  | { kind: 'saved'; node: F | null; warnings: Violation[] }
  | { kind: 'invalid'; violations: Violation[] }
  | { kind: 'conflict'; yourVersion: number; current: F }
  | { kind: 'forbidden'; message: string; messageSv: string }
  | { kind: 'notApplied'; message: string }
  | { kind: 'notFound'; message: string };

export type OutcomeKind = Outcome<unknown>['kind'];

/** The look of one cell (or row): staged, broken, or what the last Save said. */
export type CellState = 'pending' | 'invalid' | 'saved' | 'conflict' | 'forbidden' | 'notFound' | 'notApplied';

/** The column of each row's state (its outcome, conflict choices, read-only lock): the grid's, not one of the entity's. */
export const STATE_COLUMN = '_state';
