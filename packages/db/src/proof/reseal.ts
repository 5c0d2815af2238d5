import type { Sqlite } from '../client';
import { ChainsWriter } from '../userLogs/chain';
import type { LogKeys } from '../userLogs/keys';
import { LedgerWriter } from './ledger';

/**
 * Seals every head again under the newest chain key, each checked under its old key first (what
 * does not match is kept as a finding). Run after a key is added: from then on a head sealed with
 * an older key no longer verifies, so a retired key cannot be used to put an old head back.
 */
export function resealHeads(sqlite: Sqlite, keys: LogKeys, now = new Date()): void {
  sqlite
    .transaction(() => {
      const at = now.toISOString();
      const chains = new ChainsWriter(sqlite, keys, at);
      chains.checkAll();
      chains.seal();
      new LedgerWriter(sqlite, keys, 'changes', at).seal();
      new LedgerWriter(sqlite, keys, 'user_log_reads', at).seal();
    })
    .immediate();
}
