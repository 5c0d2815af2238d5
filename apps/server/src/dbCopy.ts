import { copyUserLog, isPostgresUrl, keyFileOf, loadLogKeys, LogCopyRefusedError, type LogCopyProgress } from '@fvm/db';
import { parseArgs } from 'node:util';
import { UsageError } from './logs';
import { duration } from './logs/progress';

export const DB_USAGE = `  npm run fvm -- db copy --to <postgres://…> [--from <file.sqlite>]
      Copies the user log (every entry, the chains, checkpoints, the record of reads and the sealed
      heads) from the registry's SQLite file (default FVM_DATABASE) into an empty PostgreSQL
      database, from one snapshot of the file, with a progress bar; then checks the copy there
      (counts, every chain and the record of reads recomputed, 1,000 entries compared row by row).
      Run the registry on it with FVM_LOG_DATABASE=<the same URL>. Exit 1 if the check fails.`;

const num = (n: number) => n.toLocaleString('en-US');

/** `fvm db copy`: answers its exit code. */
export async function dbCopyCommand(args: string[], database: string): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } } });
  if (!values.to) throw new UsageError('db copy needs --to postgres://…');
  if (!isPostgresUrl(values.to)) throw new UsageError(`--to must be a postgres:// URL; got "${values.to}".`);
  const from = values.from ?? database;
  if (isPostgresUrl(from)) throw new UsageError('--from must be a SQLite file: the registry on PostgreSQL is not supported yet.');
  const keys = loadLogKeys(keyFileOf(from));
  const started = performance.now();
  let last = 0;
  const progress = (p: LogCopyProgress) => {
    const now = performance.now();
    if (now - last < 500 && p.copied < p.of) return;
    last = now;
    const share = p.of ? Math.floor((p.copied / p.of) * 100) : 100;
    const bar = '#'.repeat(Math.floor(share / 5)).padEnd(20, '.');
    const line = `${p.table.padEnd(20)} [${bar}] ${String(share).padStart(3)}%  ${num(p.copied)} of ${num(p.of)}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K${p.copied >= p.of ? '\n' : ''}`);
    else if (p.copied >= p.of) process.stderr.write(`${line}\n`);
  };
  let report;
  try {
    report = await copyUserLog(from, values.to, keys, progress);
  } catch (error) {
    if (!(error instanceof LogCopyRefusedError)) throw error;
    console.error(error.message);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Copied ${num(report.counts.user_log_entries)} entries in ${num(report.counts.user_log_chains)} chains, ${num(report.counts.user_log_checkpoints)} checkpoints and ${num(report.counts.user_log_reads)} records of reads in ${duration(seconds)}.`,
  );
  console.log(`${report.chainsVerified ? 'OK      ' : 'BROKEN  '}every chain recomputed on PostgreSQL`);
  console.log(`${report.readsVerified ? 'OK      ' : 'BROKEN  '}the record of reads recomputed on PostgreSQL`);
  console.log(`${report.problems.length ? 'FAILED  ' : 'OK      '}counts of every table, and ${num(report.sampleCompared)} entries compared row by row`);
  for (const p of report.problems) console.log(`        ${p}`);
  if (report.problems.length) return 1;
  console.log(`Run the registry on it with FVM_LOG_DATABASE=${values.to.replace(/\/\/[^@/]*@/, '//…@')}`);
  return 0;
}
