import type { CallOffStatus } from '@fvm/domain';
import type { Outcome as GenericOutcome } from '../editing/types';

/** A call-off as the server last told us. */
export interface CallOffFacts {
  id: string;
  version: number;
  status: CallOffStatus;
  signedOn: string | null;
  submittedOn: string | null;
  optionNumber: number;
  ownerId: string | null;
}

/** One cell's pending change, not yet sent. */
export interface StagedEdit {
  callOffId: string;
  /** The matrix row (municipality) the cell is in. */
  rowId: string;
  option: number;
  /** The version the edit is based on: quoted to the server, which refuses it if the row moved on. */
  version: number;
  /** The server's status when the edit was staged. */
  original: CallOffStatus;
  /** What was typed or pasted, as given. */
  raw: string;
  /** `raw` as a status; null when it is not one (the cell is then invalid). */
  status: CallOffStatus | null;
}

export type { Violation } from '../editing/types';

/** What the server said about one sent cell. */
export type Outcome = GenericOutcome<CallOffFacts>;

export type { OutcomeKind } from '../editing/types';
