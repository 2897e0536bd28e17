import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'runner',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // One throwaway PostgreSQL for the run: the store suites and the execute tests run against it too.
    globalSetup: ['@extsys/postgres/testing/global-setup'],
  },
});
