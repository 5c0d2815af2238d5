import { copyDatabase, CopyRefusedError, isPostgresUrl, keyFileOf, loadLogKeys, printableLocation, type CopyProgress, type CopyReport } from '@fvm/db';
import { parseArgs } from 'node:util';
import { UsageError } from './logs';
import { duration } from './logs/progress';

export const DB_USAGE = `  npm run fvm -- db copy --to <postgres://…> [--from <file.sqlite>]
      Copies the whole registry (every table: organisations, agreements, …, tokens, the change
      history, log review, and the user log with its chains, checkpoints, record of reads and sealed
      heads) from its SQLite file (default FVM_DATABASE) into an empty PostgreSQL database, from one
      snapshot of the file, ids kept, with a progress bar; then checks the copy there (counts of
      every table, the change history, every chain and the record of reads recomputed, a sample of
      every table compared value by value). Then run the registry there with FVM_DATABASE=<the
      same URL> and FVM_KEY_FILE=<its key file>. Exit 1 if the check fails.`;

const num = (n: number) => n.toLocaleString('en-US');
const VERIFIED: Record<CopyReport['verified'][number]['record'], string> = {
  changes: 'the change history',
  user_log_chains: 'every chain',
  user_log_reads: 'the record of reads',
};

/** `fvm db copy`: answers its exit code. */
export async function dbCopyCommand(args: string[], database: string): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } } });
  if (!values.to) throw new UsageError('db copy needs --to postgres://…');
  if (!isPostgresUrl(values.to)) throw new UsageError(`--to must be a postgres:// URL; got "${values.to}".`);
  const from = values.from ?? database;
  if (isPostgresUrl(from)) throw new UsageError('--from must be a SQLite file: db copy moves a registry from its file to PostgreSQL.');
  const keys = loadLogKeys(keyFileOf(from));
  const started = performance.now();
  let last = 0;
  const progress = (p: CopyProgress) => {
    const now = performance.now();
    if (now - last < 500 && p.copied < p.of) return;
    last = now;
    const share = p.of ? Math.floor((p.copied / p.of) * 100) : 100;
    const bar = '#'.repeat(Math.floor(share / 5)).padEnd(20, '.');
    const line = `${p.table.padEnd(34)} [${bar}] ${String(share).padStart(3)}%  ${num(p.copied)} of ${num(p.of)}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K${p.copied >= p.of ? '\n' : ''}`);
    else if (p.copied >= p.of) process.stderr.write(`${line}\n`);
  };
  let report;
  try {
    report = await copyDatabase(from, values.to, keys, progress);
  } catch (error) {
    if (!(error instanceof CopyRefusedError)) throw error;
    console.error(error.message);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const tables = Object.keys(report.counts).length;
  const rows = Object.values(report.counts).reduce((n, c) => n + c, 0);
  const of = (table: string, one: string, many: string) => `${num(report.counts[table] ?? 0)} ${report.counts[table] === 1 ? one : many}`;
  console.log(
    `Copied ${num(rows)} rows of ${tables} tables in ${duration(seconds)}: ${of('user_log_entries', 'entry', 'entries')} in ${of('user_log_chains', 'chain', 'chains')}, ${of('user_log_checkpoints', 'checkpoint', 'checkpoints')}, ${of('user_log_reads', 'record', 'records')} of reads and ${of('changes', 'change', 'changes')}.`,
  );
  for (const v of report.verified) console.log(`${v.ok ? 'OK      ' : 'BROKEN  '}${VERIFIED[v.record]} recomputed on PostgreSQL`);
  console.log(`${report.problems.length ? 'FAILED  ' : 'OK      '}counts of every table, and ${num(report.sampleCompared)} rows compared value by value`);
  for (const p of report.problems) console.log(`        ${p}`);
  if (report.problems.length) return 1;
  console.log(`Run the registry there (its keys stay in their file): FVM_DATABASE=${printableLocation(values.to)} FVM_KEY_FILE=${keyFileOf(from)}`);
  return 0;
}
