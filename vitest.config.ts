import { defineConfig } from 'vitest/config';

// One vitest run for the repo: each package with tests is a project with its own config.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'runner/vitest.config.ts',
      'gateway-stub/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'demo/vitest.config.ts',
      'docs/vitest.config.ts',
    ],
  },
});
