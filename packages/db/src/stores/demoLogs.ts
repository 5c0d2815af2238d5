import type { UserLogEntryInput } from '@fvm/domain';
import { generateDemoLogEntries, type DemoLogWorld } from '../seed/demoLogs';
import { VGR_ORGANISATION_NUMBER } from '../seed/reference';
import { MAX_LOG_BATCH } from '../userLogs/append';
import type { DemoLogOptions, OrganisationStore, UserLogStore } from './types';

/**
 * Demo entries of the last 90 days (or `days`), appended through the log's own store (as a source system's
 * would be), VGR submitting them as the operator: for a log whose engine has no faster way in.
 */
export async function appendDemoLogs(
  organisations: OrganisationStore,
  logs: UserLogStore,
  world: DemoLogWorld,
  { count, days = 90, now = new Date(), seed, onProgress }: DemoLogOptions,
): Promise<{ stored: number }> {
  const submitter = await organisations.findByCodeOrNumber(VGR_ORGANISATION_NUMBER);
  if (!submitter) throw new Error('the registry has no VGR to store the demo entries as');
  let stored = 0;
  let batch: UserLogEntryInput[] = [];
  const flush = async () => {
    const r = await logs.append(batch, { submittedByOrgId: submitter.id, isDemo: true, today: now.toISOString().slice(0, 10), nowMs: now.getTime() });
    if (r.rejected.length) throw new Error(`demo log entry rejected: ${JSON.stringify(r.rejected[0])}`);
    stored += r.stored;
    batch = [];
    onProgress?.(stored);
  };
  for (const entry of generateDemoLogEntries(world, count, { seed, startMs: now.getTime() - 60_000 - days * 86_400_000, endMs: now.getTime() - 60_000 })) {
    batch.push(entry);
    if (batch.length === MAX_LOG_BATCH) await flush();
  }
  if (batch.length) await flush();
  return { stored };
}
