import { appendUserLogEntries, categoryResolver, findOrganisationByCodeOrNumber, MAX_LOG_BATCH, organisationResolver, VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { validateUserLogEntry, type RuleViolation, type UserLogEntryInput } from '@fvm/domain';
import { appendFileSync, createReadStream, rmSync, statSync, type ReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { logKeys, positiveInteger, todayUtc, UsageError, userPath, type LogsContext } from './common';
import { CsvParser, type CsvRecord } from './csv';
import { csvColumns, entryFromCsv, entryFromJson, type ParsedEntry } from './entries';
import { duration, Progress, type ImportCounts } from './progress';

export const DEFAULT_BATCH = 5_000;

interface Row extends ParsedEntry {
  line: number;
  /** The text as read, kept for the report when it could not be read as an entry. */
  raw?: unknown;
}

function formatOf(file: string, given: string | undefined): 'csv' | 'ndjson' {
  if (given === 'csv' || given === 'ndjson') return given;
  if (given !== undefined) throw new UsageError(`--format must be csv or ndjson; got "${given}".`);
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  throw new UsageError(`Cannot tell the format of ${file} from its name; add --format csv or --format ndjson.`);
}

// Both readers hand over the rows of one chunk at a time: one await per chunk, not per row, and
// never more than a chunk's rows in memory besides the batch being filled.

async function* ndjsonRows(input: ReadStream): AsyncGenerator<Row[]> {
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

async function* csvRows(input: ReadStream): AsyncGenerator<Row[]> {
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

export async function importCommand(ctx: LogsContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'batch-size': { type: 'string' },
      'continue-on-error': { type: 'boolean', default: false },
      org: { type: 'string' },
      demo: { type: 'boolean', default: false },
      stats: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('logs import takes one file.');
  const file = userPath(positionals[0]!);
  const format = formatOf(file, values.format);
  const batchSize = positiveInteger(values['batch-size'], '--batch-size', DEFAULT_BATCH, MAX_LOG_BATCH);
  const org = findOrganisationByCodeOrNumber(ctx.db, values.org ?? VGR_ORGANISATION_NUMBER);
  if (!org) throw new UsageError(`No organisation with municipality code or organisation number "${values.org}".`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`Cannot read ${file}.`);
  }
  const keys = logKeys(ctx);
  const reportFile = `${file}.rejected.ndjson`;
  // A report left by an earlier run would describe rows this run may store: start afresh.
  rmSync(reportFile, { force: true });

  const counts: ImportCounts = { read: 0, stored: 0, duplicates: 0, rejected: 0, withheld: 0 };
  let batches = 0;
  let rejectedBatches = 0;
  let validate: ((e: Partial<UserLogEntryInput>) => RuleViolation[]) | null = null;
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 18 });
  const progress = new Progress(process.stderr, size);
  const batch: Row[] = [];

  /** Stores one batch, or reports why none of it was stored; false to stop. */
  const flush = (): boolean => {
    batches++;
    const today = todayUtc();
    let rejected: { index: number; violations: RuleViolation[] }[];
    if (batch.some((r) => r.violations.length)) {
      // Rows that are not entries at all cannot go to the append; check the others here, so the
      // report is complete, and store nothing, as the append would.
      if (!validate) {
        const lookups = { organisation: organisationResolver(ctx.sqlite), category: categoryResolver(ctx.sqlite) };
        validate = (e) => validateUserLogEntry(e, todayUtc(), Date.now(), lookups).violations;
      }
      const check = validate;
      rejected = batch.map((r, index) => ({ index, violations: r.violations.length ? r.violations : check(r.entry) })).filter((r) => r.violations.length);
    } else {
      const result = appendUserLogEntries(ctx.sqlite, batch.map((r) => r.entry), {
        keys, submittedByOrgId: org.id, isDemo: values.demo, today, nowMs: Date.now(),
      });
      rejected = result.rejected;
      if (!rejected.length) {
        counts.stored += result.stored;
        counts.duplicates += result.duplicates;
      }
    }
    if (rejected.length) {
      rejectedBatches++;
      counts.rejected += rejected.length;
      counts.withheld += batch.length - rejected.length;
      appendFileSync(reportFile, rejected.map(({ index, violations }) => {
        const r = batch[index]!;
        return `${JSON.stringify({ line: r.line, batch: batches, entry: r.entry, ...(r.raw !== undefined ? { raw: r.raw } : {}), violations })}\n`;
      }).join(''));
      const first = rejected[0]!;
      const v = first.violations[0]!;
      console.error(
        `${process.stderr.isTTY ? '\n' : ''}Batch ${batches} (lines ${batch[0]!.line}–${batch.at(-1)!.line}) rejected, none of it stored: ${rejected.length} invalid entr${rejected.length === 1 ? 'y' : 'ies'}, ` +
          `the first at line ${batch[first.index]!.line}: ${v.field || 'entry'} ${v.code}: ${v.message}`,
      );
    }
    batch.length = 0;
    progress.update(counts, input.bytesRead);
    return rejected.length === 0 || values['continue-on-error'];
  };

  // A bulk import writes far more than the server does: a bigger page cache keeps the random-key
  // indexes (patient, user, source id) in memory, and checkpointing the WAL in larger steps saves a
  // checkpoint after nearly every batch. Each batch still commits with a full sync.
  ctx.sqlite.pragma('cache_size = -65536');
  ctx.sqlite.pragma('wal_autocheckpoint = 100000');
  let stopped = false;
  reading: for await (const rows of format === 'csv' ? csvRows(input) : ndjsonRows(input)) {
    for (const row of rows) {
      counts.read++;
      batch.push(row);
      if (batch.length === batchSize && !flush()) {
        stopped = true;
        break reading;
      }
    }
  }
  if (!stopped && batch.length) stopped = !flush();
  input.destroy();
  ctx.sqlite.pragma('wal_checkpoint(PASSIVE)');
  progress.update(counts, stopped ? input.bytesRead : size, true);

  const elapsed = progress.elapsedSeconds();
  console.log(
    `${stopped ? 'Stopped at the first rejected batch' : 'Imported'} ${file}: ${counts.read} rows read in ${batches} batch${batches === 1 ? '' : 'es'}; ` +
      `stored ${counts.stored}, duplicates ${counts.duplicates}, rejected ${counts.rejected} in ${rejectedBatches} batch${rejectedBatches === 1 ? '' : 'es'}, ` +
      `withheld ${counts.withheld}; ${duration(elapsed)}.`,
  );
  if (rejectedBatches) {
    console.log(`Rejection report: ${reportFile}. Correct the entries and run the import again: entries already stored are skipped.`);
  }
  if (values.stats) {
    console.error(`Peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; ${(counts.read / Math.max(elapsed, 1e-9)).toFixed(0)} rows/s.`);
  }
  return rejectedBatches ? 1 : 0;
}
