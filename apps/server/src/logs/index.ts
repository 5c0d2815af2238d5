import { checkpointCommand } from './checkpoint';
import { UsageError, type LogsContext } from './common';
import { demoCommand } from './demo';
import { importCommand } from './import';
import { purgeCommand } from './purge';
import { rotateKeyCommand } from './rotateKey';
import { rebuildDigestCommand, verifyCommand } from './verify';

export { UsageError, type LogsContext } from './common';

export const LOGS_USAGE = `  npm run fvm -- logs import <file> [--format csv|ndjson] [--batch-size <n>] [--continue-on-error] [--org <code | number>] [--demo] [--stats]
      Imports user log entries from CSV (header row of field names) or NDJSON, streamed, in
      batches (default 5000, at most 10000). An entry already stored (same source system and id)
      is skipped, so an interrupted import can be run again. A batch with an invalid entry stores
      nothing; its invalid entries go to <file>.rejected.ndjson (replaced on each run) and the
      import stops, or with --continue-on-error goes on. Exit 1 if any batch was rejected.
      --org is the submitting organisation (default VGR); --demo stores them as demo entries
      (in chains of their own); --stats prints the peak memory at the end.
  npm run fvm -- logs verify [--checkpoint <file.json>]
      Recomputes every keyed chain (user log entries, the change history, the record of log
      reads), checks every stored checkpoint and the sealed heads, and names every record that
      breaks them; with --checkpoint also checks the chains against checkpoints exported earlier.
      Also recomputes the log review's digest and compares it. Exit 1 if anything fails.
  npm run fvm -- logs rebuild-digest
      Recomputes the log review's digest (entries per user and day, patient and care unit per
      month, actions per day) from the entries, after \`logs verify\` found it altered.
  npm run fvm -- logs rotate-key
      Adds a new chain key beside the database and seals every chain's head under it; new links
      use it from then on (old keys stay: old links need them).
  npm run fvm -- logs checkpoint [--out <file.json>]
      Records a signed checkpoint (count, time, head hash) of every chain; prints it as JSON or writes it to the file.
  npm run fvm -- logs purge [--dry-run] [--today YYYY-MM-DD]
      Purges entries older than both 5 years and their owner's access-log purge rule, recording
      checkpoints so the rest still verifies. --dry-run only shows the plan.
  npm run fvm -- logs demo <count> [--out <file.csv|file.ndjson>] [--seed <n>] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
      Writes deterministic demo entries (default 2025-01-01 to 2026-01-01) to the file, or NDJSON to stdout.`;

const COMMANDS: Record<string, (ctx: LogsContext, args: string[]) => number | Promise<number>> = {
  import: importCommand,
  verify: verifyCommand,
  'rebuild-digest': rebuildDigestCommand,
  checkpoint: checkpointCommand,
  purge: purgeCommand,
  'rotate-key': rotateKeyCommand,
  demo: demoCommand,
};

/** Runs one `fvm logs` command; answers its exit code. Mistakes in the call are the command line's to report (runCommandLine). */
export async function runLogsCommand(ctx: LogsContext, action: string | undefined, args: string[]): Promise<number> {
  const command = action === undefined ? undefined : COMMANDS[action];
  if (!command) throw new UsageError(action === undefined ? 'Which logs command?' : `Unknown command "logs ${action}".`);
  return command(ctx, args);
}
