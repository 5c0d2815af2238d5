import { violation } from '@fvm/domain';
import { UsageError } from './common';
import { CsvParser, type CsvRecord } from './csv';
import { csvColumns, entryFromCsv, entryFromJson, type ParsedEntry } from './entries';
import type { TextChunk } from './utf8';

export interface Row extends ParsedEntry {
  line: number;
  /** The text as read, kept for the report when it could not be read as an entry. */
  raw?: unknown;
}

// Both readers hand over the rows of one chunk at a time: one await per chunk, not per row, and
// never more than a chunk's rows in memory besides the batch being filled.

/** A row none of whose text can be trusted: the file's bytes there are not UTF-8. */
function invalidUtf8(line: number): ParsedEntry {
  return {
    entry: {},
    violations: [
      violation(
        '',
        'import.invalid_utf8',
        `Line ${line} is not valid UTF-8; save the file as UTF-8 (it may be in Latin-1 or Windows-1252).`,
        `Rad ${line} är inte giltig UTF-8; spara filen som UTF-8 (den kan vara i Latin-1 eller Windows-1252).`,
      ),
    ],
  };
}

export async function* ndjsonRows(input: AsyncIterable<TextChunk>): AsyncGenerator<Row[]> {
  let rest = '';
  let line = 0;
  const invalid = new Set<number>();
  const rowOf = (text: string): Row | null => {
    line++;
    const t = (line === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
    if (!t.trim()) return null;
    const parsed = invalid.delete(line) ? invalidUtf8(line) : entryFromJson(t);
    return { line, ...parsed, ...(parsed.violations.length ? { raw: t } : {}) };
  };
  for await (const chunk of input) {
    for (const l of chunk.invalidLines) invalid.add(l);
    const text = rest + chunk.text;
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

export async function* csvRows(input: AsyncIterable<TextChunk>): AsyncGenerator<Row[]> {
  const parser = new CsvParser();
  let columns: ReturnType<typeof csvColumns>['columns'] | null = null;
  /** Lines not UTF-8, in file order, each waiting for the record it falls in. */
  const invalid: number[] = [];
  const firstInvalid = (r: CsvRecord): number | null => {
    let found: number | null = null;
    while (invalid.length && invalid[0]! <= r.lastLine) {
      const l = invalid.shift()!;
      if (l >= r.line) found ??= l;
    }
    return found;
  };
  const rowsOf = (records: CsvRecord[]): Row[] =>
    records.flatMap((r) => {
      const bad = invalid.length ? firstInvalid(r) : null;
      if (!columns) {
        if (bad !== null) throw new UsageError(`line ${bad}: the header row is not valid UTF-8; save the file as UTF-8.`);
        const header = csvColumns(r.fields);
        if (header.ignored.length) console.error(`Ignoring the column${header.ignored.length > 1 ? 's' : ''} ${header.ignored.join(', ')}.`);
        columns = header.columns;
        return [];
      }
      const parsed = bad === null ? entryFromCsv(columns, r.fields) : invalidUtf8(bad);
      return [{ line: r.line, ...parsed, ...(parsed.violations.length ? { raw: r.fields } : {}) }];
    });
  for await (const chunk of input) {
    invalid.push(...chunk.invalidLines);
    yield rowsOf(parser.feed(chunk.text));
  }
  yield rowsOf(parser.end());
}
