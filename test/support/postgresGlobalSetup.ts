// Vitest global setup (vitest.config.ts): one PostgreSQL server for the whole run, shared by every
// test file, each of which makes its own databases on it (freshPostgresDatabase in ./postgres).
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startCluster } from './postgresCluster';
import type { PostgresForTests } from './postgresProvided';

const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

const SKIPPED_NOTICE =
  "PostgreSQL not found: skipped the PostgreSQL variants of the tests and the 'postgresql' project (the HTTP tests again on PostgreSQL); to run them, install Debian's postgresql (apt-get install postgresql) or set FVM_TEST_POSTGRES_URL.";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const provide = (value: PostgresForTests) => project.provide('fvmPostgres', value);

  // The developer's own server: used as it is, never started or stopped here.
  const given = process.env.FVM_TEST_POSTGRES_URL;
  if (given) {
    provide({ state: 'ready', url: given });
    return undefined;
  }

  const bin = findPostgresBin();
  if (!bin) {
    if (inCI) {
      provide({
        state: 'failed',
        reason:
          'PostgreSQL not found: .ci/run installs it (apt-get install postgresql), or set FVM_TEST_POSTGRES_URL; under CI the PostgreSQL tests may not be skipped.',
      });
      return undefined;
    }
    provide({ state: 'skipped' });
    // At the end, below the summary, where it is read; at the start the test output buries it.
    return async () => {
      console.warn(SKIPPED_NOTICE);
    };
  }

  const cluster = await startCluster(bin).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  if (cluster instanceof Error) {
    // Installed but broken is never a reason to skip: the PostgreSQL tests fail and say why.
    provide({ state: 'failed', reason: `PostgreSQL from ${bin} did not start: ${cluster.message}` });
    return undefined;
  }
  // Ctrl-C: vitest exits without running global teardowns, but 'exit' handlers still run.
  const stopOnExit = () => cluster.stopNow();
  process.once('exit', stopOnExit);
  provide({ state: 'ready', url: cluster.url });
  return async () => {
    process.off('exit', stopOnExit);
    await cluster.stop();
  };
}
