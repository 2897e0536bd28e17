import { defineProject } from 'vitest/config';

// jsdom stands in for the iframe's document. It does not model opaque origins, CSP, real
// MessagePorts between processes or layout: those are the e2e suite's (Chromium).
export default defineProject({
  test: {
    name: 'ext-sdk',
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
