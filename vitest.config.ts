import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/support/postgresCluster';

// graphql ships CommonJS and ESM builds; Pothos loads one and a test importing 'graphql' could
// get the other, and graphql refuses types "from another realm". One build for everyone.
const resolve = { alias: { graphql: 'graphql/index.js' } };
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };

/**
 * The tests that run again with the registry on PostgreSQL (startRegistry, and the command-line
 * tests, read FVM_TEST_ENGINE): over HTTP the server's HTTP behaviour, edges and fuzzed requests,
 * writes, queries, rights, demo access, tokens, the seeded reference data, the user log (fuzzed
 * appends and heavy reads too), log review, findings, follow-up, access policies and disclosures, tamper evidence;
 * the grid in Chromium against the server; the token and log command lines.
 */
export const ON_BOTH_ENGINES = [
  'test/integration/writes.test.ts',
  'test/integration/save.test.ts',
  'test/integration/queries.test.ts',
  'test/integration/plannedReads.test.ts',
  'test/integration/accessMatrix.test.ts',
  'test/integration/demoAccess.test.ts',
  'test/integration/tokens.test.ts',
  'test/integration/reference.test.ts',
  'test/integration/userLogs.test.ts',
  'test/integration/userLogAppendTyped.test.ts',
  'test/integration/logReview.test.ts',
  'test/integration/smoke.test.ts',
  'test/integration/findings.test.ts',
  'test/integration/followUp.test.ts',
  'test/integration/policyDisclosure.test.ts',
  'test/integration/tamperEvidence.test.ts',
  'test/integration/http.test.ts',
  'test/integration/httpEdges.test.ts',
  'test/integration/httpFuzz.test.ts',
  'test/integration/appendFuzz.test.ts',
  'test/integration/heavyRequests.test.ts',
  'test/integration/ownerFilter.test.ts',
  'apps/grid/test/e2e/*.e2e.test.ts',
  'apps/server/test/tokens-cli.test.ts',
  'apps/server/test/logs-cli.test.ts',
];

const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
// As the global setup decides: a run without PostgreSQL leaves the 'postgresql' project out (the
// setup says so in one line at the end); under CI it stays, and fails for want of PostgreSQL.
const postgresProject = inCI || !!process.env.FVM_TEST_POSTGRES_URL || findPostgresBin() !== null;

export default defineConfig({
  resolve,
  test: {
    // One PostgreSQL server for the run (a throwaway cluster, or FVM_TEST_POSTGRES_URL), given to the
    // tests of every project through provide/inject; without PostgreSQL its tests are skipped, with one
    // line saying so. Set here only: a project listing it too would start a cluster of its own.
    globalSetup: ['test/support/postgresGlobalSetup.ts'],
    projects: [
      {
        resolve,
        test: {
          name: 'sqlite',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'apps/grid/test/**/*.test.tsx', 'test/integration/**/*.test.ts'],
          ...timeouts,
        },
      },
      ...(postgresProject ? [{ resolve, test: { name: 'postgresql', include: ON_BOTH_ENGINES, env: { FVM_TEST_ENGINE: 'postgresql' }, ...timeouts } }] : []),
    ],
  },
});
