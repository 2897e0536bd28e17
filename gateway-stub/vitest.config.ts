import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'gateway-stub',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
