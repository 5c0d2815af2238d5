import type { MatrixRow } from './matrix';
import type { CellChange } from './staging';
import { parseStatus } from './status';
import { parseTsv } from './tsv';

/** A cell set to `raw` (typed, chosen or pasted), parsed the one way every input is parsed. */
export function changeFor(row: MatrixRow, option: number, raw: string): CellChange | null {
  const cell = row.cells[option];
  if (!cell?.base || !cell.editable) return null;
  return { callOffId: cell.base.id, rowId: row.id, option, version: cell.base.version, original: cell.base.status, raw, status: parseStatus(raw) };
}

export interface PastePlan {
  changes: CellChange[];
  /** Pasted cells that landed on a read-only cell, a cell without a call-off, or outside the grid. */
  skipped: number;
}

/**
 * Lays a pasted block onto the matrix with its top-left at the focused cell. `rows` are in the
 * order shown; `columns` are the shown columns, each an option number or null (not a status).
 */
export function planPaste(text: string, anchor: { rowIndex: number; columnIndex: number }, rows: readonly MatrixRow[], columns: readonly (number | null)[]): PastePlan {
  const block = parseTsv(text);
  const changes: CellChange[] = [];
  let skipped = 0;
  block.forEach((cells, r) => {
    const row = rows[anchor.rowIndex + r];
    cells.forEach((raw, c) => {
      const option = columns[anchor.columnIndex + c];
      const change = row && option != null ? changeFor(row, option, raw) : null;
      if (change) changes.push(change);
      else skipped++;
    });
  });
  return { changes, skipped };
}
