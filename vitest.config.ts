import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node resolves `graphql` (no exports map) to its CommonJS build for the external packages
  // (Pothos, yoga); make the inlined sources use that same copy, not the .mjs one.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
