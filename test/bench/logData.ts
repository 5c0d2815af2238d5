// Shared set-up of figures 4–8 (user logs at scale): one work directory per run, a demo log file of
// BENCH_LOG_ENTRIES entries written by `fvm logs demo`, and the registry database built from it by
// `fvm logs import`, the real ingestion path. That import is figure 4's product side and figure 8's
// measured process; figures 5–7 then run against the database it leaves.
//
// Environment:
//   BENCH_LOG_ENTRIES  entries in the big file (default 10,000,000; e.g. 200000 for a quick run)
//   BENCH_LOG_DIR      work directory (default: a fresh one under the system temp dir, removed at
//                      the end). A directory given here is kept; if it already holds a database
//                      with exactly BENCH_LOG_ENTRIES entries and neither figure 4 nor 8 is
//                      selected, that database is reused instead of rebuilt.
//   BENCH_LOG_FORMAT   ndjson (default) or csv: the file format imported.
//   BENCH_LOG_BASELINE_ROWS  rows figure 4 compares the product and the raw baseline on (1,000,000).

import { demoLogWorld, generateDemoLogEntries, loadReferenceData, openDatabase } from '@fvm/db';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, log } from './lib';

export const LOG_ENTRIES = Number(process.env.BENCH_LOG_ENTRIES ?? 10_000_000);
export const LOG_FORMAT = process.env.BENCH_LOG_FORMAT === 'csv' ? 'csv' : 'ndjson';
/** Entries in the small file whose import is figure 8's baseline. */
export const SMALL_LOG_ENTRIES = 100_000;
/** Figure 4 compares the two sides over this many rows (the first ones, from an empty table). */
export const BASELINE_SAMPLE = Number(process.env.BENCH_LOG_BASELINE_ROWS ?? 1_000_000);
/** Batch size of the product's import and of the raw baseline's transactions. */
export const LOG_BATCH = 10_000;

const serverDir = fileURLToPath(new URL('../../apps/server/', import.meta.url));
const cliPath = join(serverDir, 'src', 'cli.ts');
const cliHasLogs = existsSync(join(serverDir, 'src', 'logs', 'import.ts'));
const cliHasDemo = existsSync(join(serverDir, 'src', 'logs', 'demo.ts'));

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const rate = (rows: number, ms: number) => `${fmtInt((rows * 1000) / ms)} rows/s`;

export interface CliRun {
  code: number;
  wallMs: number;
  stdout: string;
  stderr: string;
  /** Peak RSS of the CLI process: from its own `--stats` line (process.resourceUsage().maxRSS). */
  statsMaxRssMiB: number | null;
  /** Peak RSS seen by sampling /proc/<pid>/status (VmHWM) every 100 ms, as a cross-check. */
  sampledHwmMiB: number | null;
  /** (ms since spawn, rows stored) from the import's progress lines, for the rate over time. */
  progress: { ms: number; stored: number }[];
}

/**
 * Runs `fvm <args>` as its own Node process with tsx, exactly as `npm run fvm` does but without
 * the npm/npx/pnpm wrappers, so the process measured is the importer itself.
 */
export async function runFvm(args: string[], databaseFile: string, options: { echoProgress?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, FVM_DATABASE: databaseFile };
  delete env.FVM_PSEUDONYM_KEY; // the key file beside the database, as startRegistry reads it
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const progress: CliRun['progress'] = [];
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    partial += s;
    const lines = partial.split(/[\r\n]/);
    partial = lines.pop()!;
    for (const line of lines) {
      const m = line.match(/stored ([\d,]+)/);
      if (m) {
        progress.push({ ms: performance.now() - t0, stored: Number(m[1]!.replace(/,/g, '')) });
        if (options.echoProgress) log(`${options.echoProgress}: ${line.trim()}`);
      }
    }
  });
  let hwmKiB = 0;
  const sample = () => {
    try {
      const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
      if (m) hwmKiB = Math.max(hwmKiB, Number(m[1]));
    } catch {
      // the process has gone, or there is no /proc here
    }
  };
  const timer = setInterval(sample, 100);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(timer);
  const wallMs = performance.now() - t0;
  const stats = stderr.match(/Peak memory \(max RSS\): (\d+) MiB/);
  return {
    code: code ?? 1,
    wallMs,
    stdout,
    stderr,
    statsMaxRssMiB: stats ? Number(stats[1]) : null,
    sampledHwmMiB: hwmKiB ? hwmKiB / 1024 : null,
    progress,
  };
}

/** The bench's own streaming writer, used only when the CLI lacks `fvm logs demo`: same generator, same defaults. */
async function writeDemoFileInProcess(file: string, count: number, scratchDb: string) {
  const { db, sqlite, close } = openDatabase(scratchDb);
  try {
    loadReferenceData(db);
    const world = demoLogWorld(sqlite);
    const out = createWriteStream(file);
    let slice = '';
    let n = 0;
    const entries = generateDemoLogEntries(world, count, { startMs: Date.parse('2025-01-01T00:00:00Z'), endMs: Date.parse('2026-01-01T00:00:00Z') });
    for (const e of entries) {
      slice += `${JSON.stringify(e)}\n`;
      if (++n % 2000 === 0) {
        if (!out.write(slice)) await once(out, 'drain');
        slice = '';
      }
    }
    out.end(slice);
    await once(out, 'finish');
  } finally {
    close();
  }
}

/** Writes `count` deterministic demo entries to `file` (the CLI's `logs demo`, else the bench's writer). */
export async function writeDemoFile(file: string, count: number, scratchDb: string): Promise<{ ms: number; bytes: number; by: string }> {
  const t0 = performance.now();
  let by: string;
  if (cliHasDemo) {
    const r = await runFvm(['logs', 'demo', String(count), '--out', file], scratchDb);
    check(r.code === 0, `fvm logs demo failed (exit ${r.code}): ${r.stderr.slice(-1000)}`);
    by = '`fvm logs demo`';
  } else {
    check(LOG_FORMAT === 'ndjson', 'BENCH_LOG_FORMAT=csv needs `fvm logs demo`');
    await writeDemoFileInProcess(file, count, scratchDb);
    by = "the bench's own writer (the CLI has no `logs demo`)";
  }
  return { ms: performance.now() - t0, bytes: statSync(file).size, by };
}

/** Imports `file` into a fresh database through `fvm logs import` (batches of LOG_BATCH, demo entries, --stats). */
export async function importWithCli(file: string, databaseFile: string, label: string): Promise<CliRun> {
  check(cliHasLogs, 'figures 4 and 8 need `fvm logs import` (apps/server/src/logs/import.ts), which is not there');
  rmSync(databaseFile, { force: true });
  const r = await runFvm(['logs', 'import', file, '--demo', '--batch-size', String(LOG_BATCH), '--stats'], databaseFile, { echoProgress: label });
  check(r.code === 0, `${label}: fvm logs import failed (exit ${r.code}):\n${r.stderr.slice(-2000)}\n${r.stdout.slice(-1000)}`);
  return r;
}

export interface LogWorld {
  dir: string;
  /** The registry database built by the product's import: figures 5–7 read it. */
  databaseFile: string;
  entries: number;
  /** Set when this run built the database (figures 4 and 8 need it). */
  bigImport: CliRun | null;
  bigFile: string | null;
  notes: string[];
  cleanup(): void;
}

/** Writes the big file and imports it (unless a reusable database is there); see the header. */
export async function prepareLogWorld(needBuild: boolean): Promise<LogWorld> {
  const given = process.env.BENCH_LOG_DIR;
  const dir = given ?? mkdtempSync(join(tmpdir(), 'fvm-bench-logs-'));
  mkdirSync(dir, { recursive: true });
  const databaseFile = join(dir, 'registry.sqlite');
  const notes: string[] = [];
  const cleanup = () => {
    if (!given) rmSync(dir, { recursive: true, force: true });
  };

  if (!needBuild && given && existsSync(databaseFile)) {
    const db = new Database(databaseFile, { readonly: true });
    const n = (db.prepare('SELECT count(*) FROM user_log_entries').pluck().get() as number) ?? 0;
    db.close();
    if (n === LOG_ENTRIES) {
      log(`figures 4–8: reusing ${databaseFile} (${fmtInt(n)} entries)`);
      return { dir, databaseFile, entries: n, bigImport: null, bigFile: null, notes, cleanup };
    }
  }

  const bigFile = join(dir, `demo-${LOG_ENTRIES}.${LOG_FORMAT}`);
  log(`figures 4–8: writing ${fmtInt(LOG_ENTRIES)} demo entries to ${bigFile}`);
  const written = await writeDemoFile(bigFile, LOG_ENTRIES, join(dir, 'scratch.sqlite'));
  notes.push(
    `Figures 4–8: ${fmtInt(LOG_ENTRIES)} deterministic demo entries (seed 20260101, 2025-01-01 to 2026-01-01, organisations and categories of the reference data) written as ${LOG_FORMAT.toUpperCase()} by ${written.by}: ` +
      `${(written.bytes / 2 ** 20).toFixed(0)} MiB in ${(written.ms / 1000).toFixed(1)} s (${rate(LOG_ENTRIES, written.ms)}, not part of any figure).`,
  );
  log(`figures 4–8: importing with fvm logs import (batches of ${fmtInt(LOG_BATCH)})`);
  const bigImport = await importWithCli(bigFile, databaseFile, `import of ${fmtInt(LOG_ENTRIES)}`);
  const db = new Database(databaseFile, { readonly: true });
  const n = db.prepare('SELECT count(*) FROM user_log_entries').pluck().get() as number;
  db.close();
  check(n === LOG_ENTRIES, `the import stored ${n} entries, not ${LOG_ENTRIES}`);
  log(`figures 4–8: imported ${fmtInt(n)} entries in ${(bigImport.wallMs / 1000).toFixed(1)} s`);
  return { dir, databaseFile, entries: n, bigImport, bigFile, notes, cleanup };
}

/** Rows per second over the first and the last tenth of an import, from its progress samples. */
export function rateOverTime(samples: { ms: number; stored: number }[], total: number): string {
  if (samples.length < 3) return '';
  const at = (fraction: number) => samples.find((s) => s.stored >= total * fraction) ?? samples.at(-1)!;
  const first = at(0.1);
  const late = at(0.9);
  const last = samples.at(-1)!;
  if (first === late || late === last) return '';
  return `${rate(first.stored, first.ms)} over the first ${fmtInt(first.stored)}, ${rate(last.stored - late.stored, last.ms - late.ms)} over the last ${fmtInt(last.stored - late.stored)}`;
}
