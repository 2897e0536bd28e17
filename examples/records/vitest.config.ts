import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

// The UI against the SDK's mock host (@extsys/ext-sdk/testing): no browser, no runner, no gateway.
export default defineProject({
  plugins: [react()],
  test: {
    name: 'example-records',
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
  },
});
