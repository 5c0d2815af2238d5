import { loadLogKeys, prepareUserLogBatch, userLogLookups, type LookupTables, type PreparedBatch } from '@fvm/db';
import type { RuleViolation } from '@fvm/domain';
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { todayUtc, UsageError } from './common';
import { csvRows, ndjsonRows, type Row } from './rows';
import { utf8Chunks } from './utf8';

// The import's second thread: it reads and parses the file, validates each batch and pseudonymises
// its patients, while the main thread links and stores the batch before. SQLite writes on one
// thread only, so this is the work that can run beside it. It runs at most `ahead` batches ahead
// of what the main thread has stored, so memory stays flat whatever the file's size.

export interface PrepareJob {
  file: string;
  format: 'csv' | 'ndjson';
  batchSize: number;
  keyFile: string;
  submittedByOrgId: number;
  tables: LookupTables;
  ahead: number;
}

/** One batch, as the worker hands it over. */
export type PreparedMessage =
  | { kind: 'prepared'; count: number; lines: number[]; bytesRead: number; prepared: PreparedBatch }
  /** A batch with entries that break a rule: nothing of it may be stored; the rows go to the report. */
  | {
      kind: 'rejected';
      count: number;
      rows: Pick<Row, 'line' | 'entry' | 'raw'>[];
      rejected: { index: number; violations: RuleViolation[] }[];
      bytesRead: number;
    }
  | { kind: 'done'; bytesRead: number }
  | { kind: 'usage_error'; message: string };

/** The main thread's go-ahead for one more batch. */
export type CreditMessage = { kind: 'more' };

async function run(job: PrepareJob) {
  const port = parentPort!;
  let credits = job.ahead;
  let wake: (() => void) | null = null;
  port.on('message', (m: CreditMessage) => {
    if (m.kind !== 'more') return;
    credits++;
    wake?.();
  });
  const keys = loadLogKeys(job.keyFile);
  const lookups = userLogLookups(job.tables);
  const input = createReadStream(job.file, { highWaterMark: 1 << 18 });
  const text = utf8Chunks(input);
  const batch: Row[] = [];

  const send = async () => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    credits--;
    const today = todayUtc();
    const nowMs = Date.now();
    const entries = batch.map((r) => r.entry);
    const prepared = prepareUserLogBatch(entries, { keys, submittedByOrgId: job.submittedByOrgId, today, nowMs }, lookups);
    // A row that could not be read as an entry is reported for that; the others are checked as a
    // batch all the same (a source id repeated with other content included), so the report is complete.
    const unreadable = batch.some((r) => r.violations.length);
    const byIndex = unreadable ? new Map(prepared.rejected.map((r) => [r.index, r.violations])) : null;
    const bad = byIndex
      ? batch.flatMap((r, index) => {
          const violations = r.violations.length ? r.violations : byIndex.get(index);
          return violations ? [{ index, violations }] : [];
        })
      : prepared.rejected.length
        ? prepared.rejected
        : null;
    const message: PreparedMessage = bad
      ? { kind: 'rejected', count: batch.length, rows: batch.map(({ line, entry, raw }) => ({ line, entry, raw })), rejected: bad, bytesRead: input.bytesRead }
      : { kind: 'prepared', count: batch.length, lines: batch.map((r) => r.line), bytesRead: input.bytesRead, prepared };
    port.postMessage(message);
    batch.length = 0;
  };

  try {
    for await (const rows of job.format === 'csv' ? csvRows(text) : ndjsonRows(text)) {
      for (const row of rows) {
        batch.push(row);
        if (batch.length === job.batchSize) await send();
      }
    }
    if (batch.length) await send();
    port.postMessage({ kind: 'done', bytesRead: input.bytesRead } satisfies PreparedMessage);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    port.postMessage({ kind: 'usage_error', message: error.message } satisfies PreparedMessage);
  } finally {
    input.destroy();
  }
}

if (parentPort && workerData) await run(workerData as PrepareJob);
