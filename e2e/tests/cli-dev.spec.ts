// `extsys dev` end to end: the CLI as a child process on a project outside the repository, the
// demo host page it prints in Chromium, and live edits of the UI and the handler that reach the
// open frame without a reload of the host page. Latencies are printed, never asserted.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO } from '../src/demo-host.js';
import { HELLO_ID } from '../src/env.js';
import { prepareProject, removeProject, startDev, type DevProcess } from '../src/cli-dev.js';

test.describe.configure({ mode: 'serial' });

let projectDir: string;
let dev: DevProcess;
let url: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  projectDir = await prepareProject();
  dev = startDev(projectDir);
  const running = await dev.waitForLine(/is running: (http\S+)/, 90_000);
  url = /is running: (http\S+)/.exec(running)![1]!;
});

test.afterAll(async () => {
  const code = await dev?.stop();
  if (dev) console.log(`extsys dev exited with ${code}; its output:\n${dev.output()}`);
  if (projectDir) await removeProject(projectDir);
});

/** Rewrites one file of the project; returns when it was written (the edit's time zero). */
async function edit(file: string, change: (text: string) => string): Promise<number> {
  const path = join(projectDir, file);
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changes it`).not.toBe(before);
  await writeFile(path, after);
  return performance.now();
}

/**
 * Polls the extension's frame (whichever iframe is mounted now: a new build is a new one) every
 * 20 ms until `check` holds in it; returns the milliseconds since `since`.
 */
async function visibleInFrame(page: Page, since: number, check: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('/ext-ui/')) continue;
      const ok = await frame.evaluate(check).catch(() => false);
      if (ok === true) return Math.round(performance.now() - since);
    }
    await page.waitForTimeout(20);
  }
  throw new Error(`not visible in the frame within ${timeoutMs} ms: ${check}`);
}

const textInFrame = (text: string) => `document.body?.innerText.includes(${JSON.stringify(text)}) === true`;

test('extsys dev: UI and handler edits reach the open frame without a page reload; a build error is shown over it', async ({
  page,
}) => {
  test.setTimeout(150_000);
  // The printed URL keeps its route through the login.
  const route = `${url}details?tab=e2e`;
  await page.goto(route);
  await page.getByTestId('login-user').selectOption('alice');
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(route);
  await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-status', 'connected');
  await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-extension-id', HELLO_ID);
  await page.getByTestId('theme-switcher').selectOption('dark');
  const frame = page.frameLocator(DEMO.frame);
  await expect(frame.getByTestId('theme-mode')).toHaveText('dark');
  await expect(frame.getByTestId('counter-value')).toHaveText(/^\d+$/);
  // Set on the host page: still there at the end = the host page was never reloaded.
  await page.evaluate(() => Object.assign(window, { e2eDevMarker: 'same-document' }));
  const firstSrc = await page.locator(DEMO.frame).getAttribute('src');
  await dev.waitForLine(/frame\s+connected/);

  // 1. A UI edit: a new build, a new content hash, the frame remounted at the same route and theme.
  const uiEdited = await edit('src/App.tsx', (text) =>
    text.replace('A sample extsys extension', 'Edited live by the e2e test'),
  );
  const uiMs = await visibleInFrame(page, uiEdited, textInFrame('Edited live by the e2e test'));
  await expect(frame.getByTestId('theme-mode')).toHaveText('dark');
  const remountedSrc = (await page.locator(DEMO.frame).getAttribute('src')) ?? '';
  expect(remountedSrc).not.toBe(firstSrc);
  expect(new URL(remountedSrc).searchParams.get('path')).toBe('/details?tab=e2e');
  await expect(page).toHaveURL(route);

  // 2. A handler edit: the counter reads 1000 more, and its new log line is printed by the CLI.
  const handlerEdited = await edit('handler/counter.ts', (text) =>
    text.replace(
      'return { count: entry === null ? 0 : Number(entry.value) };',
      "log.info('counter read by the edited handler');\n  return { count: (entry === null ? 0 : Number(entry.value)) + 1000 };",
    ),
  );
  const handlerMs = await visibleInFrame(
    page,
    handlerEdited,
    `Number(document.querySelector('[data-testid="counter-value"]')?.textContent) >= 1000`,
  );
  await dev.waitForLine(/handler\s+info\s+counter read by the edited handler/);
  await dev.waitForLine(/request\s+GET \/counter 200 /);

  // 3. A broken UI file: the error over the frame, the last good version still answering.
  await edit('src/App.tsx', (text) => text.replace('<main className', '<main <<className'));
  const overlay = page.getByTestId('dev-build-error');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('src/App.tsx:');
  await dev.waitForLine(/build\s+UI build failed at src\/App\.tsx:\d+/);
  await expect(frame.getByText('Edited live by the e2e test')).toBeVisible();
  // The edited getCounter shows the stored count + 1000; an increment answers the stored count + 1.
  const shown = Number(await frame.getByTestId('counter-value').textContent());
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(shown - 1000 + 1));

  // 4. Fixed: the overlay goes, the next good build is live.
  const fixed = await edit('src/App.tsx', (text) =>
    text.replace('<main <<className', '<main className').replace('Edited live by the e2e test', 'Fixed again'),
  );
  const fixedMs = await visibleInFrame(page, fixed, textInFrame('Fixed again'));
  await expect(overlay).toBeHidden();

  expect(await page.evaluate(() => (window as { e2eDevMarker?: string }).e2eDevMarker)).toBe('same-document');
  console.log(
    `extsys dev latencies (edit saved → visible in the frame): UI ${uiMs} ms, handler ${handlerMs} ms, ` +
      `UI after a fixed build error ${fixedMs} ms`,
  );
});
