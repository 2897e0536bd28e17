// `extsys dev` end to end, as an author meets it: `extsys create` makes a project outside the
// repository, `npm install` there, then the project's `extsys dev` as a child process, the demo
// host page it prints in Chromium, and live edits of the template's own files — a UI string, the
// counter handler — that reach the open frame without a reload of the host page. Latencies are
// printed, never asserted.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Frame, type FrameLocator, type Page } from '@playwright/test';
import { DEMO } from '../src/demo-host.js';
import { DEV_EXTENSION_ID, prepareProject, removeProject, startDev, type DevProcess } from '../src/cli-dev.js';

test.describe.configure({ mode: 'serial' });

let projectDir: string;
let dev: DevProcess;
let url: string;
let setup: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const prepared = await prepareProject();
  projectDir = prepared.dir;
  const devStarted = performance.now();
  dev = startDev(projectDir);
  const running = await dev.waitForLine(/is running: (http\S+)/, 90_000);
  url = /is running: (http\S+)/.exec(running)![1]!;
  setup =
    `extsys create ${prepared.createMs} ms, npm install ${prepared.installMs} ms, ` +
    `extsys dev up ${Math.round(performance.now() - devStarted)} ms`;
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

/** The counter's value as the frame shows it. */
async function counterValue(frame: FrameLocator): Promise<number> {
  await expect(frame.getByTestId('counter-value')).toHaveText(/^\d+$/);
  return Number(await frame.getByTestId('counter-value').textContent());
}

/**
 * Clicks Increment, inside the frame (no round trip to the test per click), until an answer grows
 * the counter by at least `step` (the edited handler's increment; the previous one adds 1); returns
 * the milliseconds from `since` to that answer on screen. A call that fails (the counter's error
 * message) fails the test: the kept frame's calls must keep working across the upgrade.
 */
async function incrementUntilStep(frame: Frame, since: number, step: number, timeoutMs = 20_000): Promise<number> {
  await frame.evaluate(
    async ({ step, timeoutMs }) => {
      const valueOf = () => Number(document.querySelector('[data-testid="counter-value"]')?.textContent);
      const button = document.querySelector<HTMLButtonElement>('[data-testid="counter-increment"]');
      if (!button) throw new Error('no Increment button');
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const before = valueOf();
        button.click();
        while (valueOf() === before) {
          const error = document.querySelector('[data-testid="counter-error"]');
          if (error) throw new Error(`an increment failed: ${error.textContent ?? ''}`);
          if (Date.now() > deadline) throw new Error('an increment did not answer');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        if (valueOf() - before >= step) return;
      }
      throw new Error(`no increment by ${step} within ${timeoutMs} ms`);
    },
    { step, timeoutMs },
  );
  return Math.round(performance.now() - since);
}

test('extsys dev on a created project: UI and handler edits reach the open frame without a page reload; a build error is shown over it', async ({
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
  await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-extension-id', DEV_EXTENSION_ID);
  await page.getByTestId('theme-switcher').selectOption('dark');
  const frame = page.frameLocator(DEMO.frame);
  await expect(frame.getByTestId('theme-mode')).toHaveText('dark');
  await expect(frame.getByTestId('greeting')).toHaveText('Hello, Alice Admin!');
  await counterValue(frame);
  // Set on the host page: still there at the end = the host page was never reloaded.
  await page.evaluate(() => Object.assign(window, { e2eDevMarker: 'same-document' }));
  const firstSrc = await page.locator(DEMO.frame).getAttribute('src');
  await dev.waitForLine(/frame\s+connected/);

  // 1. A UI edit: a new build, a new content hash, the frame remounted at the same route and theme.
  const uiEdited = await edit('src/Counter.tsx', (text) =>
    text.replace('One counter per tenant, kept by the handler in KV storage.', 'Edited live by the e2e test'),
  );
  const uiMs = await visibleInFrame(page, uiEdited, textInFrame('Edited live by the e2e test'));
  await expect(frame.getByTestId('theme-mode')).toHaveText('dark');
  const remountedSrc = (await page.locator(DEMO.frame).getAttribute('src')) ?? '';
  expect(remountedSrc).not.toBe(firstSrc);
  expect(new URL(remountedSrc).searchParams.get('path')).toBe('/details?tab=e2e');
  await expect(page).toHaveURL(route);
  await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-status', 'connected');

  // 2. A handler edit: the frame is kept (its document and state — a marker on its window — stay;
  // same src), and its next increment is answered by the new handler, whose log line the CLI prints.
  const frameHandle = page.frames().find((f) => f.url().includes('/ext-ui/'))!;
  await frameHandle.evaluate(() => Object.assign(window, { e2eFrameMarker: 'same-frame' }));
  const handlerEdited = await edit('handler/counter.ts', (text) =>
    text.replace(
      'const next = (entry === null ? 0 : Number(entry.value)) + 1;',
      "log.info('incremented by the edited handler');\n    const next = (entry === null ? 0 : Number(entry.value)) + 1000;",
    ),
  );
  const handlerMs = await incrementUntilStep(frameHandle, handlerEdited, 1000);
  await dev.waitForLine(/handler\s+info\s+incremented by the edited handler/);
  await dev.waitForLine(/request\s+POST \/counter\/increment 200 /);
  expect(await page.locator(DEMO.frame).getAttribute('src')).toBe(remountedSrc);
  expect(await frameHandle.evaluate(() => (window as { e2eFrameMarker?: string }).e2eFrameMarker)).toBe('same-frame');
  await expect(frame.getByText('Edited live by the e2e test')).toBeVisible();

  // 3. A broken UI file: the error over the frame, the last good version still answering.
  await edit('src/App.tsx', (text) => text.replace('<main className', '<main <<className'));
  const overlay = page.getByTestId('dev-build-error');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('src/App.tsx:');
  await dev.waitForLine(/build\s+UI build failed at src\/App\.tsx:\d+/);
  await expect(frame.getByText('Edited live by the e2e test')).toBeVisible();
  const shown = await counterValue(frame);
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(shown + 1000));

  // 4. Fixed: the overlay goes, the next good build is live.
  const fixed = await edit('src/App.tsx', (text) => text.replace('<main <<className', '<main className'));
  await edit('src/Counter.tsx', (text) => text.replace('Edited live by the e2e test', 'Fixed again'));
  const fixedMs = await visibleInFrame(page, fixed, textInFrame('Fixed again'));
  await expect(overlay).toBeHidden();

  expect(await page.evaluate(() => (window as { e2eDevMarker?: string }).e2eDevMarker)).toBe('same-document');
  console.log(
    `extsys dev (${setup}); latencies, edit saved → visible in the frame: UI ${uiMs} ms, ` +
      `handler (new handler answering, frame kept) ${handlerMs} ms, UI after a fixed build error ${fixedMs} ms`,
  );
});
