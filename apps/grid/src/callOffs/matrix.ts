import { hasErrors, isActiveCallOff, type CallOffWindow, type PowerOfAttorneyFacts, type RuleViolation } from '@fvm/domain';
import { factsFromApi, type ApiCallOff } from './outcomes';
import { latestFacts, type StagingState } from './staging';
import type { CallOffFacts, Outcome, OutcomeKind, StagedEdit } from './types';
import { validateStagedEdit } from './validation';

export interface Viewer {
  role: string;
  organisationId: string;
}

/** Who may change a row: its owner's org_admin, or any regional admin (the server decides; this mirrors it). */
export function canChange(viewer: Viewer, ownerId: string | null): boolean {
  if (viewer.role === 'REGIONAL_ADMIN') return true;
  return viewer.role === 'ORG_ADMIN' && ownerId !== null && ownerId === viewer.organisationId;
}

/** Whether the role may change call-offs at all (otherwise editing is not offered). */
export function roleCanEdit(viewer: Viewer): boolean {
  return viewer.role === 'REGIONAL_ADMIN' || viewer.role === 'ORG_ADMIN';
}

export interface MatrixInput {
  municipalities: readonly {
    id: string;
    code: string | null;
    name: string;
    powersOfAttorney: readonly PowerOfAttorneyFacts[];
    callOffs: readonly (ApiCallOff & { procurement: { id: string } | null })[];
  }[];
  procurements: readonly { id: string; callOffWindowOpensOn: string | null; callOffWindowClosesOn: string | null }[];
}

export interface MatrixCell {
  option: number;
  /** The server's latest value; null when the municipality has not called off the option. */
  base: CallOffFacts | null;
  edit: StagedEdit | undefined;
  /** What the cell holds now: the staged status or raw text, else the server's status. */
  value: string | null;
  editable: boolean;
  violations: RuleViolation[];
  invalid: boolean;
  outcome: Outcome | undefined;
}

export type RowState = 'conflict' | 'invalid' | 'forbidden' | 'notFound' | 'notApplied' | 'pending' | 'saved';

export interface MatrixRow {
  id: string;
  code: string;
  name: string;
  /** The viewer may change at least one of the row's call-offs. */
  editable: boolean;
  /** The row holds call-offs, all of which the viewer may not change. */
  readOnly: boolean;
  /** The row's call-offs belong to the viewer's own organisation. */
  own: boolean;
  cells: Record<number, MatrixCell>;
  state: RowState | null;
}

const STATE_ORDER: RowState[] = ['conflict', 'invalid', 'forbidden', 'notFound', 'notApplied', 'pending', 'saved'];

function cellState(cell: MatrixCell): RowState | null {
  const kind: OutcomeKind | undefined = cell.outcome?.kind;
  if (kind === 'conflict' || kind === 'forbidden' || kind === 'notFound' || kind === 'notApplied') return kind;
  if (cell.invalid || kind === 'invalid') return 'invalid';
  if (cell.edit) return 'pending';
  if (kind === 'saved') return 'saved';
  return null;
}

/**
 * The call-off matrix: one row per municipality, one cell per option, each with the latest value,
 * its staged edit, whether the viewer may change it, the domain rules' verdict and the last Save's outcome.
 */
export function buildMatrix(input: MatrixInput, optionNumbers: readonly number[], staging: StagingState, viewer: Viewer, today: string): MatrixRow[] {
  const windows = new Map<string, CallOffWindow>(input.procurements.map((p) => [p.id, { opensOn: p.callOffWindowOpensOn, closesOn: p.callOffWindowClosesOn }]));
  const defaultWindow: CallOffWindow =
    input.procurements.length === 1 ? windows.get(input.procurements[0]!.id)! : { opensOn: null, closesOn: null };

  return input.municipalities.map((m) => {
    const facts = m.callOffs.map((c) => ({ facts: latestFacts(factsFromApi(c), staging.known[c.id]), procurementId: c.procurement?.id ?? null }));
    const effective = (f: CallOffFacts) => staging.edits[f.id]?.status ?? f.status;
    const cells: Record<number, MatrixCell> = {};
    for (const option of optionNumbers) {
      const here = facts.filter((f) => f.facts.optionNumber === option);
      // One call-off per municipality and option; if history left more, show the active one.
      const chosen = here.find((f) => isActiveCallOff(effective(f.facts))) ?? here[0];
      const base = chosen?.facts ?? null;
      const edit = base ? staging.edits[base.id] : undefined;
      let violations: RuleViolation[] = [];
      if (base && edit) {
        violations = validateStagedEdit(edit, base, {
          today,
          powersOfAttorney: m.powersOfAttorney,
          window: (chosen?.procurementId && windows.get(chosen.procurementId)) || defaultWindow,
          otherActiveForSameOption: here.filter((f) => f.facts.id !== base.id && isActiveCallOff(effective(f.facts))).length,
        });
      }
      cells[option] = {
        option,
        base,
        edit,
        value: edit ? (edit.status ?? edit.raw) : (base?.status ?? null),
        editable: base !== null && canChange(viewer, base.ownerId),
        violations,
        invalid: hasErrors(violations),
        outcome: base ? staging.outcomes[base.id] : undefined,
      };
    }
    const all = Object.values(cells);
    const states = all.map(cellState).filter((s): s is RowState => s !== null);
    const withCallOff = all.filter((c) => c.base !== null);
    return {
      id: m.id,
      code: m.code ?? '',
      name: m.name,
      editable: withCallOff.some((c) => c.editable),
      readOnly: withCallOff.length > 0 && withCallOff.every((c) => !c.editable),
      own: withCallOff.some((c) => c.base!.ownerId === viewer.organisationId),
      cells,
      state: STATE_ORDER.find((s) => states.includes(s)) ?? null,
    };
  });
}

/** Staged cells that break a rule: while there is one, Save is blocked. */
export function invalidCellCount(rows: readonly MatrixRow[]): number {
  return rows.reduce((n, r) => n + Object.values(r.cells).filter((c) => c.edit && c.invalid).length, 0);
}
