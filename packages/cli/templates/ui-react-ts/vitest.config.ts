import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The UI against the SDK's mock host (@extsys/ext-sdk/testing) in jsdom, the handler against the
// handler SDK's fake runner: no browser, no runner, no gateway.
export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
  },
});
