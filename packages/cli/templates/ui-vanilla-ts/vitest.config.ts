import { defineConfig } from 'vitest/config';

// The UI against the SDK's mock host (@extsys/ext-sdk/testing) in jsdom, the handler against the
// handler SDK's fake runner: no browser, no runner, no gateway.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'jsdom',
  },
});
