import { NotYetOnPostgresError, type Checkpoint, type DigestVerdict, type ProofBreak } from '@fvm/db';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ownerLabels, UsageError, userPath, type LogsContext } from './common';

// `lanes` is optional (a checkpoint of one chain alone has none) and checked on its own below.
const FIELDS: Record<Exclude<keyof Checkpoint, 'lanes'>, 'string' | 'number' | 'boolean'> = {
  chainId: 'number',
  dataOwnerId: 'number',
  isDemo: 'boolean',
  kind: 'string',
  createdAt: 'string',
  entryCount: 'number',
  lastEntryId: 'number',
  headHash: 'string',
  signature: 'string',
};

const isLaneHead = (l: unknown) =>
  typeof l === 'object' &&
  l !== null &&
  ['chainId', 'lane', 'entryCount', 'lastEntryId'].every((k) => typeof (l as Record<string, unknown>)[k] === 'number') &&
  typeof (l as Record<string, unknown>).headHash === 'string';

/** The checkpoints in a file: as `fvm logs checkpoint` writes them (an array), or a single one. */
export function readCheckpoints(file: string): Checkpoint[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`Cannot read checkpoints from ${file}: ${(e as Error).message}`);
  }
  const list = Array.isArray(value) ? value : [value];
  list.forEach((c, i) => {
    const wrong = Object.entries(FIELDS)
      .filter(([k, type]) => typeof (c as Record<string, unknown> | null)?.[k] !== type)
      .map(([k]) => k);
    const lanes = (c as Record<string, unknown> | null)?.lanes;
    if (lanes !== undefined && !(Array.isArray(lanes) && lanes.every(isLaneHead))) wrong.push('lanes');
    if (wrong.length) throw new UsageError(`${file}: item ${i + 1} is not a checkpoint (${wrong.join(', ')} missing or of the wrong type).`);
  });
  return list as Checkpoint[];
}

export async function verifyCommand(ctx: LogsContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' } } });
  const checkpoints = values.checkpoint ? readCheckpoints(userPath(values.checkpoint)) : [];
  const owner = await ownerLabels(ctx.stores);
  const started = performance.now();
  const result = await ctx.stores.logs.verifyRecords({
    onProgress: (n) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${n.toLocaleString('en-US')} entries checked\x1b[K`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const printBreaks = (breaks: ProofBreak[], count: number) => {
    for (const b of breaks) console.log(`          ${b.record.replace(/_/g, ' ')}${b.id === null ? '' : ` ${b.id}`}: ${b.reason}`);
    if (count > breaks.length) console.log(`          … and ${count - breaks.length} more`);
  };
  const logs = result.userLogs;
  let broken = 0;
  for (const c of logs.chains) {
    const name = `chain ${c.chainId} ${c.dataOwnerId === -1 ? '(unknown chain)' : owner(c.dataOwnerId)}${c.isDemo ? ' demo' : ''}${c.lane ? ` lane ${c.lane}` : ''}`;
    if (c.ok) console.log(`OK      ${name}: ${c.entriesChecked} entries`);
    else {
      broken++;
      console.log(`BROKEN  ${name}: ${c.breakCount} break${c.breakCount === 1 ? '' : 's'}`);
      printBreaks(c.breaks, c.breakCount);
    }
  }
  if (logs.headBreaks.length) {
    console.log('BROKEN  the user log chains’ sealed head:');
    printBreaks(logs.headBreaks, logs.headBreaks.length);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    logs.chains.length === 0 && logs.headBreaks.length === 0
      ? 'No user log entries yet.'
      : broken || logs.headBreaks.length
        ? `${broken} of ${logs.chains.length} chains broken (${logs.entriesChecked} entries checked in ${seconds}s).`
        : `All ${logs.chains.length} chains verify (${logs.entriesChecked} entries in ${seconds}s).`,
  );
  for (const [label, ledger] of [
    ['the change history', result.changes],
    ['the record of log reads', result.logReads],
  ] as const) {
    if (ledger.ok) console.log(`OK      ${label}: ${ledger.recordsChecked} records`);
    else {
      console.log(`BROKEN  ${label}: ${ledger.breakCount} break${ledger.breakCount === 1 ? '' : 's'} in ${ledger.recordsChecked} records`);
      printBreaks(ledger.breaks, ledger.breakCount);
    }
  }

  // The digest the log review selects from proves nothing, but altered it could hide entries from a review.
  const digest = await ctx.stores.logs.verifyDigest().catch((error: Error): DigestVerdict | null => {
    if (error instanceof NotYetOnPostgresError) return null;
    throw error;
  });
  if (!digest) console.log('SKIPPED the log review’s digest: none is kept with the user log on PostgreSQL yet');
  else if (digest.ok) console.log('OK      the log review’s digest matches the entries');
  else {
    const { userDays, patientUnits, actionDays } = digest.mismatches;
    console.log(
      `BROKEN  the log review’s digest: ${userDays} user × day, ${patientUnits} patient × unit and ${actionDays} action × day rows differ from the entries; \`npm run fvm -- logs rebuild-digest\` recomputes it`,
    );
  }

  let failedCheckpoints = 0;
  for (const c of checkpoints) {
    const verdict = await ctx.stores.logs.verifyAgainstCheckpoint(c);
    if (!verdict.ok) failedCheckpoints++;
    console.log(
      `${verdict.ok ? 'OK    ' : 'FAILED'}  checkpoint of chain ${c.chainId} ${owner(c.dataOwnerId)}, ${c.createdAt}, entry ${c.lastEntryId}: ${verdict.reason}`,
    );
  }
  if (checkpoints.length)
    console.log(failedCheckpoints ? `${failedCheckpoints} of ${checkpoints.length} checkpoints failed.` : `All ${checkpoints.length} checkpoints hold.`);
  return result.ok && (digest?.ok ?? true) && !failedCheckpoints ? 0 : 1;
}

export async function rebuildDigestCommand(ctx: LogsContext, args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const started = performance.now();
  await ctx.stores.logs.rebuildDigest();
  console.log(
    `The log review’s digest recomputed from ${(await ctx.stores.logs.totalEntries()).toLocaleString('en-US')} entries in ${((performance.now() - started) / 1000).toFixed(1)}s.`,
  );
  return 0;
}
