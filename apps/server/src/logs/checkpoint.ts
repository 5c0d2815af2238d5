import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ownerLabels, userPath, type LogsContext } from './common';

/**
 * Records a signed checkpoint of every chain and hands them out as JSON. Kept somewhere the
 * registry's operators cannot change (sent to the data owners, say), a checkpoint later proves
 * with `fvm logs verify --checkpoint` that nothing up to it changed.
 */
export async function checkpointCommand(ctx: LogsContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const checkpoints = await ctx.stores.logs.recordCheckpoints('export');
  const json = `${JSON.stringify(checkpoints, null, 2)}\n`;
  if (!values.out) {
    process.stdout.write(json);
    return 0;
  }
  writeFileSync(userPath(values.out), json);
  // The public key lets whoever keeps the checkpoints check their signatures without the registry.
  writeFileSync(`${userPath(values.out)}.pub.pem`, ctx.keys.checkpoint.publicKeyPem);
  const owner = await ownerLabels(ctx.stores);
  for (const c of checkpoints)
    console.log(
      `chain ${c.chainId} ${owner(c.dataOwnerId)}${c.isDemo ? ' demo' : ''}: ${c.entryCount} entries, head entry ${c.lastEntryId}, hash ${c.headHash.slice(0, 16)}…`,
    );
  console.log(
    checkpoints.length
      ? `${checkpoints.length} checkpoints recorded and written to ${values.out}.`
      : `No chain has entries yet; wrote an empty list to ${values.out}.`,
  );
  console.log(`The Ed25519 public key that checks their signatures: ${values.out}.pub.pem`);
  return 0;
}
