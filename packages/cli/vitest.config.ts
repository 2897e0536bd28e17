import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // The tests run the built bin (npm test builds before vitest) against real processes.
    testTimeout: 60_000,
  },
});
