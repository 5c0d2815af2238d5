import { MAX_LOG_BATCH, VGR_ORGANISATION_NUMBER } from '@fvm/db';
import type { RuleViolation } from '@fvm/domain';
import { appendFileSync, rmSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { positiveInteger, UsageError, userPath, type LogsContext } from './common';
import type { CreditMessage, PrepareJob, PreparedMessage } from './prepareWorker';
import { duration, Progress, type ImportCounts } from './progress';

export const DEFAULT_BATCH = 5_000;

function formatOf(file: string, given: string | undefined): 'csv' | 'ndjson' {
  if (given === 'csv' || given === 'ndjson') return given;
  if (given !== undefined) throw new UsageError(`--format must be csv or ndjson; got "${given}".`);
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  throw new UsageError(`Cannot tell the format of ${file} from its name; add --format csv or --format ndjson.`);
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
  const org = await ctx.stores.organisations.findByCodeOrNumber(values.org ?? VGR_ORGANISATION_NUMBER);
  if (!org) throw new UsageError(`No organisation with municipality code or organisation number "${values.org}".`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`Cannot read ${file}.`);
  }
  const reportFile = `${file}.rejected.ndjson`;
  // A report left by an earlier run would describe rows this run may store: start afresh.
  rmSync(reportFile, { force: true });

  const counts: ImportCounts = { read: 0, stored: 0, duplicates: 0, rejected: 0, withheld: 0 };
  let batches = 0;
  let rejectedBatches = 0;
  let bytesRead = 0;
  const progress = new Progress(process.stderr, size);

  /** Writes the report of a batch of which nothing was stored; false to stop. */
  const report = (rows: { line: number; entry: unknown; raw?: unknown }[], rejected: { index: number; violations: RuleViolation[] }[]): boolean => {
    rejectedBatches++;
    counts.rejected += rejected.length;
    counts.withheld += rows.length - rejected.length;
    appendFileSync(
      reportFile,
      rejected
        .map(({ index, violations }) => {
          const r = rows[index]!;
          return `${JSON.stringify({ line: r.line, batch: batches, entry: r.entry, ...(r.raw !== undefined ? { raw: r.raw } : {}), violations })}\n`;
        })
        .join(''),
    );
    const first = rejected[0]!;
    const v = first.violations[0]!;
    console.error(
      `${process.stderr.isTTY ? '\n' : ''}Batch ${batches} (lines ${rows[0]!.line}–${rows.at(-1)!.line}) rejected, none of it stored: ${rejected.length} invalid entr${rejected.length === 1 ? 'y' : 'ies'}, ` +
        `the first at line ${rows[first.index]!.line}: ${v.field || 'entry'} ${v.code}: ${v.message}`,
    );
    return values['continue-on-error'];
  };

  await ctx.stores.logs.prepareForImport();
  // Reading, parsing, validating and pseudonymising happen in a second thread, a batch or two
  // ahead; this thread links each batch into its chains and stores it.
  const job: PrepareJob = { file, format, batchSize, keyFile: ctx.keyFile, submittedByOrgId: org.id, tables: await ctx.stores.logs.lookupTables(), ahead: 2 };
  const worker = new Worker(new URL('./prepareWorker.mjs', import.meta.url), { workerData: job });
  let stopped = false;
  // Batches are stored one after another, in the order they were read: each waits for the last.
  let stored = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) =>
        code === 0 ? void stored.then(() => resolve()) : reject(new Error(`the import's reading thread stopped (exit code ${code})`)),
      );
      worker.on('message', (m: PreparedMessage) => void (stored = stored.then(() => handle(m))));
      const handle = async (m: PreparedMessage) => {
        // Batches the reading thread had already sent ahead arrive after the stop: none may be stored.
        if (stopped) return;
        try {
          if (m.kind === 'usage_error') return reject(new UsageError(m.message));
          bytesRead = m.bytesRead;
          if (m.kind === 'done') return resolve();
          batches++;
          counts.read += m.count;
          let go = true;
          if (m.kind === 'rejected') go = report(m.rows, m.rejected);
          else {
            const result = await ctx.stores.logs.storePrepared(m.prepared, { isDemo: values.demo });
            if (result.rejected.length) {
              // Entries whose source id is stored with other content: reported as prepared (the
              // patient as its pseudonym).
              const rows = m.lines.map((line) => ({ line, entry: null as unknown }));
              for (const e of m.prepared.entries) rows[e.index]!.entry = e.content;
              go = report(rows, result.rejected);
            } else {
              counts.stored += result.stored;
              counts.duplicates += result.duplicates;
            }
          }
          progress.update(counts, bytesRead);
          if (!go) {
            stopped = true;
            return resolve();
          }
          worker.postMessage({ kind: 'more' } satisfies CreditMessage);
        } catch (error) {
          stopped = true;
          reject(error);
        }
      };
    });
  } finally {
    await worker.terminate();
  }
  await stored;
  // The log review's digest counts the new entries in one pass, not one append at a time.
  await ctx.stores.logs.catchUpDigest();
  await ctx.stores.logs.settleAfterImport();
  progress.update(counts, stopped ? bytesRead : size, true);

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
    console.error(
      `Peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; ${(counts.read / Math.max(elapsed, 1e-9)).toFixed(0)} rows/s.`,
    );
  }
  return rejectedBatches ? 1 : 0;
}
