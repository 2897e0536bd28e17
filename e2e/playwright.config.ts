import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH, PORTS } from './src/env.js';

// Debian's Chromium through executablePath (`npx playwright install` is never needed, and cannot
// work on these machines). One worker: the tests share one stack, and some stop its runner.
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results/artifacts',
  globalSetup: './src/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  // Generous "nothing hangs" bounds, never a timing assertion.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./src/trace-reporter.ts']],
  use: {
    baseURL: `http://localhost:${PORTS.host}`,
    browserName: 'chromium',
    headless: !process.env['E2E_HEADED'],
    launchOptions: CHROMIUM_LAUNCH,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
  },
});
