import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bundle',
    include: ['test/**/*.test.ts'],
    // The CLI tests run the built dist/cli.js; `npm test` builds before it runs vitest.
    testTimeout: 20_000,
  },
});
