import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-host-express',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
