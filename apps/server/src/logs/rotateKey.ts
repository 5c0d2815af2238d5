import { addChainKey, loadLogKeys } from '@fvm/db';
import { parseArgs } from 'node:util';
import { UsageError, type LogsContext } from './common';

/**
 * Takes a new chain key into use: from now on every link and sealed head is made with it, and the
 * rotation is recorded in each head. Old keys stay in the keyring, since old links need them to
 * verify. With FVM_CHAIN_KEYS the operator adds the key there (on every process) and runs this to
 * reseal the heads under it.
 */
export async function rotateKeyCommand(ctx: LogsContext, args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const keyFile = ctx.keyFile;
  let keys = ctx.keys;
  const sealedWith = await ctx.stores.logs.headKeyId();
  if (process.env.FVM_CHAIN_KEYS) {
    if (sealedWith === keys.chain.current.id)
      throw new UsageError(
        `The heads are already sealed with key ${sealedWith}, the newest in FVM_CHAIN_KEYS: add a new key there first (\`${keys.chain.current.id + 1}:<64 hex digits>\`).`,
      );
  } else {
    const id = addChainKey(keyFile, keys);
    keys = loadLogKeys(keyFile);
    console.log(`Added chain key ${id} to the key ring beside the database. Back it up with the key file: old links need every key to verify.`);
  }
  const stores = keys === ctx.keys ? ctx.stores : await ctx.withKeys(keys);
  try {
    await stores.logs.resealHeads();
  } finally {
    if (stores !== ctx.stores) await stores.close();
  }
  console.log(
    `Every chain now links and seals under chain key ${keys.chain.current.id}${sealedWith ? ` (was ${sealedWith})` : ''}; the rotation is recorded in the sealed heads.`,
  );
  return 0;
}
