#!/usr/bin/env node
// Takes docs/demo.png, the README's picture of the demo: a stack on spare ports with a throwaway
// data dir, Alice logged in, the hello example open with its counter incremented and a quote
// fetched. Needs the build (npm run build), the examples built and Debian's chromium
// (CHROMIUM_PATH overrides /usr/bin/chromium). Usage: node demo/scripts/screenshot.mjs [out.png]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startStack } from '../dist/index.js';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.mjs';

const out = resolve(process.argv[2] ?? new URL('../../docs/demo.png', import.meta.url).pathname);
const dataDir = await mkdtemp(join(tmpdir(), 'extsys-screenshot-'));
const stack = await startStack({ dataDir, hostPort: 18281, runnerPort: 18280, quoteApiPort: 18282 });
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${stack.hostUrl}/`);
  await page.getByTestId('login-user').selectOption('alice');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-ext-com.example.hello').click();
  await page.locator('[data-testid="extension-frame"][data-status="connected"]').waitFor();
  const hello = page.frameLocator('[data-testid="extension-frame"] iframe');
  await hello.getByRole('button', { name: 'Increment' }).click();
  await hello.getByTestId('quote-fetch').click();
  await hello.getByTestId('quote-result').waitFor();
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
