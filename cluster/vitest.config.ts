import { defineProject } from 'vitest/config';

// Not one of the root vitest projects: `npm run test:unit` stays quick, and the cluster test runs
// on its own (`npm run test:cluster`), after the build, with real processes.
export default defineProject({
  test: {
    name: 'cluster',
    include: ['test/**/*.test.ts'],
    testTimeout: 150_000,
    hookTimeout: 120_000,
    // One cluster at a time: the test files start processes and hold ports.
    fileParallelism: false,
  },
});
