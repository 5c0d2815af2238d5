/**
 * What the run's global setup tells every test file about PostgreSQL. It travels through vitest's
 * provide/inject, which reaches the workers of every pool (threads, forks, vmThreads), where
 * environment variables set in the setup would reach only the workers spawned after it.
 */
export type PostgresForTests =
  | { state: 'ready'; url: string }
  /** Not found, outside CI: the PostgreSQL tests are skipped (the run said so once). */
  | { state: 'skipped' }
  /** Not found under CI, or found but would not start: the PostgreSQL tests fail with this reason. */
  | { state: 'failed'; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    fvmPostgres: PostgresForTests;
  }
}
