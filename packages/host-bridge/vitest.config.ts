import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'host-bridge',
    include: ['test/**/*.test.ts'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
    environmentOptions: { jsdom: { url: 'https://host.example.com/app/', pretendToBeVisual: true } },
  },
});
