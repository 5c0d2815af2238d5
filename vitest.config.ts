import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CommonJS and ESM builds; Pothos loads one and a test importing 'graphql' could
  // get the other, and graphql refuses types "from another realm". One build for everyone.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'apps/grid/test/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    // One PostgreSQL server for the run (a throwaway cluster, or FVM_TEST_POSTGRES_URL), given to the
    // tests through provide/inject; without PostgreSQL its tests are skipped, with one line saying so.
    globalSetup: ['test/support/postgresGlobalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
