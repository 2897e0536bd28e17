import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'handler-sdk',
    include: ['test/**/*.test.ts'],
    // The fixtures are built by `npm run build` (build:fixtures); this makes `vitest` alone work too.
    globalSetup: ['test/global-setup.ts'],
  },
});
