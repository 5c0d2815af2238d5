import type { ReadStream } from 'node:fs';
import { CsvParser, type CsvRecord } from './csv';
import { csvColumns, entryFromCsv, entryFromJson, type ParsedEntry } from './entries';

export interface Row extends ParsedEntry {
  line: number;
  /** The text as read, kept for the report when it could not be read as an entry. */
  raw?: unknown;
}

// Both readers hand over the rows of one chunk at a time: one await per chunk, not per row, and
// never more than a chunk's rows in memory besides the batch being filled.

export async function* ndjsonRows(input: ReadStream): AsyncGenerator<Row[]> {
  let rest = '';
  let line = 0;
  const rowOf = (text: string): Row | null => {
    line++;
    const t = (line === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
    if (!t.trim()) return null;
    const parsed = entryFromJson(t);
    return { line, ...parsed, ...(parsed.violations.length ? { raw: t } : {}) };
  };
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    const rows: Row[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const row = rowOf(text.slice(start, nl));
      if (row) rows.push(row);
      start = nl + 1;
    }
    rest = text.slice(start);
    yield rows;
  }
  const last = rest ? rowOf(rest) : null;
  if (last) yield [last];
}

export async function* csvRows(input: ReadStream): AsyncGenerator<Row[]> {
  const parser = new CsvParser();
  let columns: ReturnType<typeof csvColumns>['columns'] | null = null;
  const rowsOf = (records: CsvRecord[]): Row[] =>
    records.flatMap((r) => {
      if (!columns) {
        const header = csvColumns(r.fields);
        if (header.ignored.length) console.error(`Ignoring the column${header.ignored.length > 1 ? 's' : ''} ${header.ignored.join(', ')}.`);
        columns = header.columns;
        return [];
      }
      const parsed = entryFromCsv(columns, r.fields);
      return [{ line: r.line, ...parsed, ...(parsed.violations.length ? { raw: r.fields } : {}) }];
    });
  for await (const chunk of input as AsyncIterable<string>) yield rowsOf(parser.feed(chunk));
  yield rowsOf(parser.end());
}

