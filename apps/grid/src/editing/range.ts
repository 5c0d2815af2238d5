/**
 * A block of cells chosen by Shift+click or Shift+arrows (AG Grid Community has no range
 * selection): where it started (the anchor, which keeps the grid's focus) and where it ends, as
 * shown-row and shown-column indexes. Pure, so the keyboard rules are tested without a browser.
 */
export interface CellPos {
  row: number;
  col: number;
}

export interface CellRange {
  anchor: CellPos;
  end: CellPos;
}

/** The block's edges, inclusive. */
export interface Bounds {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export const singleCell = (at: CellPos): CellRange => ({ anchor: at, end: at });

export function boundsOf(r: CellRange): Bounds {
  return {
    top: Math.min(r.anchor.row, r.end.row),
    bottom: Math.max(r.anchor.row, r.end.row),
    left: Math.min(r.anchor.col, r.end.col),
    right: Math.max(r.anchor.col, r.end.col),
  };
}

export const inBounds = (b: Bounds, row: number, col: number) => row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;

export const isSingle = (r: CellRange) => r.anchor.row === r.end.row && r.anchor.col === r.end.col;

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/**
 * Shift+arrow: the end moves one cell (the anchor stays), kept within the grid's rows and the
 * columns a range may cover (`firstCol`..`lastCol`: not the grid's own state and checkbox columns).
 */
export function extend(r: CellRange, key: string, rows: number, firstCol: number, lastCol: number): CellRange {
  const d = ARROWS[key];
  if (!d) return r;
  return { anchor: r.anchor, end: { row: clamp(r.end.row + d.row, 0, Math.max(0, rows - 1)), col: clamp(r.end.col + d.col, firstCol, lastCol) } };
}

const ARROWS: Record<string, CellPos> = {
  ArrowUp: { row: -1, col: 0 },
  ArrowDown: { row: 1, col: 0 },
  ArrowLeft: { row: 0, col: -1 },
  ArrowRight: { row: 0, col: 1 },
};

export const isArrow = (key: string) => key in ARROWS;

/**
 * A block as text for the clipboard, the way Excel and Google Sheets write it: cells by tabs, rows
 * by CRLF, the last row ended too. A cell holding a tab, a line break or a quote is quoted, its
 * quotes doubled (they read it back as one cell); a cell that only starts with spaces is not.
 */
export function toTsv(cells: readonly (readonly string[])[]): string {
  return cells.map((row) => row.map(quoteCell).join('\t') + '\r\n').join('');
}

function quoteCell(cell: string): string {
  return /[\t\r\n"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The same block as an HTML table: what Excel and Google Sheets prefer when both are offered, and
 * where a cell's line breaks survive as breaks within the cell.
 */
export function toHtmlTable(cells: readonly (readonly string[])[]): string {
  const body = cells
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c).replace(/\r?\n/g, '<br style="mso-data-placement:same-cell;">')}</td>`).join('')}</tr>`)
    .join('');
  return `<meta charset="utf-8"><table><tbody>${body}</tbody></table>`;
}
