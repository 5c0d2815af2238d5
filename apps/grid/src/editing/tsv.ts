/**
 * Parses a block copied from Excel or Google Sheets: cells separated by tabs, rows by CRLF, LF or
 * CR. A cell that starts with a double quote is quoted: it runs to the next quote not doubled, may
 * hold tabs and line breaks, and `""` inside it is one quote. A quote anywhere else is just a
 * character, and a quote that is never closed is taken literally. The line break that ends the
 * last row (Excel always writes one) does not start a row of its own.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  if (n === 0) return rows;
  const isDelimiter = (ch: string | undefined) => ch === '\t' || ch === '\n' || ch === '\r';
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    const start = i;
    let quoted = false;
    if (text[i] === '"') {
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        const ch = text[j]!;
        if (ch === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += ch;
        j++;
      }
      if (closed) {
        quoted = true;
        cell = value;
        i = j;
        // Text after the closing quote (not what spreadsheets write) is kept as it stands.
        while (i < n && !isDelimiter(text[i])) cell += text[i++];
      }
    }
    if (!quoted) {
      i = start;
      while (i < n && !isDelimiter(text[i])) cell += text[i++];
    }
    row.push(cell);
    if (i >= n) {
      rows.push(row);
      break;
    }
    if (text[i] === '\t') {
      i++;
      if (i >= n) {
        row.push('');
        rows.push(row);
        break;
      }
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) break;
  }
  return rows;
}
