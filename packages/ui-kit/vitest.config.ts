import { defineProject } from 'vitest/config';

// jsdom: behaviour, keyboard, focus and ARIA. Layout, real focus rings and contrast are checked in
// Chromium by the Storybook axe run (storybook/scripts/a11y.mjs).
export default defineProject({
  test: {
    name: 'ui-kit',
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
  },
});
