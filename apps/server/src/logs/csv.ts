import { UsageError } from './common';

// RFC 4180 CSV, streamed: text arrives in chunks that may split a record, a quoted field, a
// doubled quote or a CRLF anywhere, so the parser keeps its state between chunks. Quoted fields
// keep their commas, quotes and line breaks exactly (CR included); only a CR outside quotes is
// dropped, as the first half of a CRLF record end.

export interface CsvRecord {
  fields: string[];
  /** The line the record starts on (1 = the first line of the file). */
  line: number;
  /** The line it ends on: later than `line` when a quoted field holds a line break. */
  lastLine: number;
}

/** A quoted field longer than this is taken for a quote left open, which would swallow the rest of the file. */
const MAX_FIELD = 1 << 20;
const SPECIAL = /[",\r\n]/g;

export class CsvParser {
  private field = '';
  private fields: string[] = [];
  /** Whether the current field has begun (so a quote here is text, not an opening quote). */
  private begun = false;
  private inQuotes = false;
  /** A quote inside a quoted field, not yet known to close it or to be the first of a doubled pair. */
  private quotePending = false;
  private line = 1;
  private recordLine = 1;
  private out: CsvRecord[] = [];

  /** Parses one chunk; returns the records it completed. */
  feed(s: string): CsvRecord[] {
    let i = 0;
    while (i < s.length) {
      if (this.quotePending) {
        this.quotePending = false;
        if (s.charCodeAt(i) === 34) {
          this.field += '"';
          i++;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        const q = s.indexOf('"', i);
        const end = q === -1 ? s.length : q;
        const part = s.slice(i, end);
        this.field += part;
        for (let n = part.indexOf('\n'); n !== -1; n = part.indexOf('\n', n + 1)) this.line++;
        if (this.field.length > MAX_FIELD)
          throw new UsageError(`line ${this.recordLine}: a quoted field runs past ${MAX_FIELD} characters; is a quote left open?`);
        if (q === -1) break;
        this.quotePending = true;
        i = q + 1;
        continue;
      }
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(s);
      const end = m ? m.index : s.length;
      if (end > i) {
        this.field += s.slice(i, end);
        this.begun = true;
      }
      if (!m) break;
      i = end + 1;
      const c = s.charCodeAt(end);
      if (c === 34) {
        // A quote opens a field only at its start; elsewhere it is kept as text (lenient, as most readers are).
        if (!this.begun) this.inQuotes = true;
        else this.field += '"';
        this.begun = true;
      } else if (c === 44) {
        this.fields.push(this.field);
        this.field = '';
        this.begun = false;
      } else if (c === 10) {
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
      }
    }
    return this.take();
  }

  /** Finishes the input; returns the last record if the file does not end with a line break. */
  end(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) throw new UsageError(`line ${this.recordLine}: the file ends inside a quoted field`);
    this.quotePending = false;
    this.inQuotes = false;
    this.endRecord();
    return this.take();
  }

  private endRecord() {
    // A blank line is no record (but still a line).
    if (this.begun || this.fields.length) {
      this.fields.push(this.field);
      this.out.push({ fields: this.fields, line: this.recordLine, lastLine: this.line });
    }
    this.fields = [];
    this.field = '';
    this.begun = false;
  }

  private take(): CsvRecord[] {
    const done = this.out;
    this.out = [];
    return done;
  }
}

/** One CSV record, quoting only the fields that need it; CRLF ends it, as RFC 4180 has it. */
export function csvLine(values: readonly (string | null | undefined)[]): string {
  return `${values.map((v) => (v == null ? '' : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')}\r\n`;
}
