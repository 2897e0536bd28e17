import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'handler-js',
    // The template's own test too, so the handler authors copy keeps working.
    include: ['test/**/*.test.ts', 'template/test/**/*.test.ts'],
    // The behaviour tests bundle test/fixtures with @extsys/bundle's built buildHandler (esbuild).
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
