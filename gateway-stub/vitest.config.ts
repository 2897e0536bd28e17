import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'gateway-stub',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // One throwaway PostgreSQL per run for the stores' PostgreSQL half (skipped, with the reason, without one).
    globalSetup: ['@extsys/postgres/testing/global-setup'],
  },
});
