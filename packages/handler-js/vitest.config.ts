import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'handler-js',
    include: ['test/**/*.test.ts'],
    // The behaviour tests bundle test/fixtures with @extsys/bundle's built buildHandler (esbuild).
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
