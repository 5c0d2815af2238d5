/**
 * CSV as spreadsheets write and read it (RFC 4180): a cell with the delimiter, a quote or a line
 * break is quoted, and a quote inside is doubled. Swedish Excel separates with semicolons, others
 * with commas; a file read here may use either (or tabs): the header line decides.
 */
export function toCsv(rows: readonly (readonly string[])[], delimiter = ';'): string {
  const cell = (s: string) => (/["\r\n]/.test(s) || s.includes(delimiter) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  // The byte order mark makes Excel read the file as UTF-8 (å, ä, ö).
  return '\ufeff' + rows.map((r) => r.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

/** The delimiter of a file: the one of `;`, `,` and tab found most often outside quotes on its first line. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n > 0 ? best : ';';
}

export function parseCsv(input: string, delimiter?: string): string[][] {
  const text = input.replace(/^\ufeff/, '');
  const d = delimiter ?? detectDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (ch === d) {
      endCell();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || row.length > 0) endRow();
  // Blank lines (a trailing one, or Excel's empty rows) carry nothing.
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}
