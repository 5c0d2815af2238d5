import type { PurgePlan } from '@fvm/db';
import { parseArgs } from 'node:util';
import { isoDate, ownerLabels, todayUtc, type LogsContext } from './common';

export async function purgeCommand(ctx: LogsContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean', default: false }, today: { type: 'string' } } });
  // --today lets a test (or an operator checking what a later purge would do) move the clock.
  const today = values.today ? isoDate(values.today, '--today') : todayUtc();
  const owner = await ownerLabels(ctx.stores);
  const describe = (plans: PurgePlan[]) => {
    for (const p of plans) {
      console.log(
        `  chain ${p.chainId} ${owner(p.dataOwnerId)}: ${p.entries} entries before ${new Date(p.cutoffMs).toISOString().slice(0, 10)} (kept ${p.years} years), up to entry ${p.lastEntryId}`,
      );
    }
  };

  const plans = await ctx.stores.logs.planPurge(today);
  if (plans.length === 0) {
    console.log(
      `Nothing to purge on ${today}: entries go only when older than both 5 years and their owner's access-log retention rule that says purge, backed by a purge decision.`,
    );
    return 0;
  }
  if (values['dry-run']) {
    console.log(`Would purge on ${today} (dry run, nothing changed):`);
    describe(plans);
    return 0;
  }
  const result = await ctx.stores.logs.purge(today);
  console.log(`Purged on ${today}:`);
  describe(result.plans);
  const total = result.plans.reduce((n, p) => n + p.entries, 0);
  console.log(
    `${total} entries purged from ${result.plans.length} chain${result.plans.length === 1 ? '' : 's'}. Recorded ${result.checkpoints.length} signed checkpoints before the purge and one purge checkpoint per purged chain; ` +
      'the remaining entries verify from their new anchor.',
  );
  return 0;
}
