import { verifyAgainstCheckpoint, verifyUserLogChains, type Checkpoint } from '@fvm/db';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { logKeys, ownerLabels, UsageError, userPath, type LogsContext } from './common';

const FIELDS: Record<keyof Checkpoint, 'string' | 'number' | 'boolean'> = {
  chainId: 'number', dataOwnerId: 'number', isDemo: 'boolean', kind: 'string', createdAt: 'string', entryCount: 'number', lastEntryId: 'number', headHash: 'string', signature: 'string',
};

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
    const wrong = Object.entries(FIELDS).filter(([k, type]) => typeof (c as Record<string, unknown> | null)?.[k] !== type).map(([k]) => k);
    if (wrong.length) throw new UsageError(`${file}: item ${i + 1} is not a checkpoint (${wrong.join(', ')} missing or of the wrong type).`);
  });
  return list as Checkpoint[];
}

export function verifyCommand(ctx: LogsContext, args: string[]): number {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' } } });
  const checkpoints = values.checkpoint ? readCheckpoints(userPath(values.checkpoint)) : [];
  const owner = ownerLabels(ctx.sqlite);
  const started = performance.now();
  const result = verifyUserLogChains(ctx.sqlite, {
    keys: logKeys(ctx),
    onProgress: (n) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${n.toLocaleString('en-US')} entries checked\x1b[K`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  let broken = 0;
  for (const c of result.chains) {
    const name = `chain ${c.chainId} ${c.dataOwnerId === -1 ? '(unknown chain)' : owner(c.dataOwnerId)}${c.isDemo ? ' demo' : ''}`;
    if (c.ok) console.log(`OK      ${name}: ${c.entriesChecked} entries`);
    else {
      broken++;
      console.log(`BROKEN  ${name}: first break at entry ${c.firstBreak?.entryId ?? '(none)'}: ${c.firstBreak?.reason}`);
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    result.chains.length === 0
      ? 'No user log entries yet.'
      : broken
        ? `${broken} of ${result.chains.length} chains broken (${result.entriesChecked} entries checked in ${seconds}s).`
        : `All ${result.chains.length} chains verify (${result.entriesChecked} entries in ${seconds}s).`,
  );

  let failedCheckpoints = 0;
  if (checkpoints.length) {
    const keys = logKeys(ctx);
    for (const c of checkpoints) {
      const verdict = verifyAgainstCheckpoint(ctx.sqlite, keys, c);
      if (!verdict.ok) failedCheckpoints++;
      console.log(`${verdict.ok ? 'OK    ' : 'FAILED'}  checkpoint of chain ${c.chainId} ${owner(c.dataOwnerId)}, ${c.createdAt}, entry ${c.lastEntryId}: ${verdict.reason}`);
    }
    console.log(failedCheckpoints ? `${failedCheckpoints} of ${checkpoints.length} checkpoints failed.` : `All ${checkpoints.length} checkpoints hold.`);
  }
  return broken || failedCheckpoints ? 1 : 0;
}
