// Child process of figure 12: hosts the registry (real server, temp SQLite file, demo data and
// BENCH_HEAVY_LOG_ENTRIES demo log entries) on 127.0.0.1, so that the load generator in the parent
// process does not share a thread with the server it measures.

import { loadDemoLogs, VGR_ORGANISATION_NUMBER } from '@fvm/db';
import { logReadLimitsFromEnv } from '@fvm/server';
import { startRegistry } from '../support/server';

const entries = Number(process.env.BENCH_HEAVY_LOG_ENTRIES ?? 100_000);
// The response cache off: every simple query executes, as one the cache has not seen would.
// The limits from the environment, as the real server reads them (FVM_LOG_READ_CONCURRENCY etc.).
const registry = await startRegistry({ responseCache: false, logReadLimits: logReadLimitsFromEnv() });
loadDemoLogs(registry.sqlite, registry.logKeys, { count: entries });
const token = registry.token(VGR_ORGANISATION_NUMBER, 'analyst');

process.send!({ url: registry.url, token, entries });
process.on('message', async (message) => {
  if (message === 'stop') {
    await registry.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
