import { planBlock, type BlockPlan } from '../editing/paste';
import type { MatrixRow } from './matrix';
import type { CellChange } from './staging';
import { parseStatus } from './status';

/** A cell set to `raw` (typed, chosen or pasted), parsed the one way every input is parsed. */
export function changeFor(row: MatrixRow, option: number, raw: string): CellChange | null {
  const cell = row.cells[option];
  if (!cell?.base || !cell.editable) return null;
  return { callOffId: cell.base.id, rowId: row.id, option, version: cell.base.version, original: cell.base.status, raw, status: parseStatus(raw) };
}

export type PastePlan = BlockPlan<CellChange>;

/**
 * Lays a pasted block onto the matrix with its top-left at the focused cell. `rows` are in the
 * order shown; `columns` are the shown columns, each an option number or null (not a status).
 */
export function planPaste(text: string, anchor: { rowIndex: number; columnIndex: number }, rows: readonly MatrixRow[], columns: readonly (number | null)[]): PastePlan {
  return planBlock(text, anchor, rows, columns, (row, option, raw) => (option == null ? null : changeFor(row, option, raw)));
}
