import { parseTsv } from './tsv';

export interface BlockPlan<E> {
  changes: E[];
  /** Pasted cells that landed on a read-only cell, a column that takes no value, or outside the grid. */
  skipped: number;
}

/**
 * Lays a block copied from a spreadsheet onto a grid with its top-left at the anchor. `rows` are
 * in the order shown and `columns` the shown columns; `changeAt` parses one pasted cell the way a
 * typed one is parsed, or says it cannot take a value (null).
 */
export function planBlock<R, C, E>(
  text: string,
  anchor: { rowIndex: number; columnIndex: number },
  rows: readonly R[],
  columns: readonly C[],
  changeAt: (row: R, column: C, raw: string) => E | null,
): BlockPlan<E> {
  return planCells(parseTsv(text), anchor, rows, columns, changeAt);
}

/** As planBlock, for a block already split into cells (a value filled into a range, a fill down). */
export function planCells<R, C, E>(
  block: readonly (readonly string[])[],
  anchor: { rowIndex: number; columnIndex: number },
  rows: readonly R[],
  columns: readonly C[],
  changeAt: (row: R, column: C, raw: string) => E | null,
): BlockPlan<E> {
  const changes: E[] = [];
  let skipped = 0;
  block.forEach((cells, r) => {
    const row = rows[anchor.rowIndex + r];
    cells.forEach((raw, c) => {
      const column = columns[anchor.columnIndex + c];
      const change = row !== undefined && column !== undefined ? changeAt(row, column, raw) : null;
      if (change) changes.push(change);
      else skipped++;
    });
  });
  return { changes, skipped };
}
