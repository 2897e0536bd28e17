// The user flows of the `hello` example on the real demo host page: login, handshake, theme,
// counter through gateway → runner → js@1 handler, auto-height, token refresh.
import { readFile } from 'node:fs/promises';
import { expect, test, type Frame } from '@playwright/test';
import { DEFAULT_TOKENS, type ThemeMode } from '@extsys/protocol/theme';
import { connectedFrame, frameHeight, login, openExtension, switchTheme } from '../src/demo-host.js';
import { HELLO_ID } from '../src/env.js';
import { HOST_READS_REFUSED, attemptEscapes, jwtPayload, watchGateway } from '../src/helpers.js';
import { stackInfo } from '../src/stack-info.js';

/** `#rrggbb` → the `rgb(r, g, b)` getComputedStyle reports. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

async function expectThemeApplied(frame: Frame, mode: ThemeMode) {
  const tokens = DEFAULT_TOKENS[mode];
  await expect(frame.getByTestId('theme-mode')).toHaveText(mode);
  await expect
    .poll(() =>
      frame.evaluate(() => {
        const body = getComputedStyle(document.body);
        return { bg: body.backgroundColor, fg: body.color, theme: document.documentElement.dataset['theme'] };
      }),
    )
    .toEqual({ bg: rgb(tokens['color-bg']), fg: rgb(tokens['color-fg']), theme: mode });
}

async function counter(frame: Frame): Promise<number> {
  await expect(frame.getByTestId('counter-value')).toHaveText(/^\d+$/);
  return Number(await frame.getByTestId('counter-value').textContent());
}

test('login → hello → handshake → theme applied in the frame, switched live without a reload', async ({ page }) => {
  await login(page);
  const frame = await openExtension(page, HELLO_ID);
  await expectThemeApplied(frame, 'light');
  // A marker in the extension's window: still there after the switches = the frame never reloaded.
  await frame.evaluate(() => Object.assign(window, { e2eMarker: 'same-document' }));

  await switchTheme(page, 'dark');
  await expectThemeApplied(frame, 'dark');
  await switchTheme(page, 'high-contrast');
  await expectThemeApplied(frame, 'high-contrast');
  await switchTheme(page, 'light');
  await expectThemeApplied(frame, 'light');
  expect(await frame.evaluate(() => (window as { e2eMarker?: string }).e2eMarker)).toBe('same-document');
});

test('the counter increments through gateway → runner → handler and persists across a reload', async ({ page }) => {
  const gateway = watchGateway(page);
  await login(page);
  let frame = await openExtension(page, HELLO_ID);
  const start = await counter(frame);
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 1));
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 2));

  const increments = gateway.calls.filter(
    (c) => c.method === 'POST' && c.url.endsWith(`/api/ext/${HELLO_ID}/counter/increment`),
  );
  expect(increments.map((c) => c.status)).toEqual([200, 200]);
  for (const call of increments) expect(jwtPayload(call.authorization!)).toMatchObject({ ext: HELLO_ID, tid: 'acme' });

  await page.reload();
  frame = await connectedFrame(page);
  await expect(page).toHaveURL(new RegExp(`/ext/${HELLO_ID.replace(/\./g, '\\.')}`));
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 2));
});

test('the counter is per tenant: globex does not see acme’s count', async ({ browser }) => {
  const acme = await browser.newPage();
  const globex = await browser.newPage();
  try {
    await login(acme, 'alice');
    await login(globex, 'carol');
    const acmeFrame = await openExtension(acme, HELLO_ID);
    const globexFrame = await openExtension(globex, HELLO_ID);
    const acmeStart = await counter(acmeFrame);
    const globexStart = await counter(globexFrame);
    await acmeFrame.getByTestId('counter-increment').click();
    await expect(acmeFrame.getByTestId('counter-value')).toHaveText(String(acmeStart + 1));
    await globexFrame.getByTestId('counter-increment').click();
    await expect(globexFrame.getByTestId('counter-value')).toHaveText(String(globexStart + 1));
  } finally {
    await acme.close();
    await globex.close();
  }
});

test('auto-height: the frame grows when the content grows and shrinks back', async ({ page }) => {
  await login(page);
  const frame = await openExtension(page, HELLO_ID);
  await expect(frame.getByTestId('counter-value')).toHaveText(/^\d+$/);
  // The frame follows the document once the bridge sized it.
  const contentHeight = () => frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  await expect.poll(async () => Math.abs((await frameHeight(page)) - (await contentHeight()))).toBeLessThanOrEqual(2);
  const closed = await frameHeight(page);

  await frame.getByTestId('details-toggle').click();
  await expect(frame.getByTestId('details-panel')).toBeVisible();
  await expect.poll(() => frameHeight(page)).toBeGreaterThan(closed);
  await expect.poll(async () => Math.abs((await frameHeight(page)) - (await contentHeight()))).toBeLessThanOrEqual(2);
  // No inner scrollbar: the whole document is visible in the frame.
  expect(await frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);

  await frame.getByTestId('details-toggle').click();
  await expect.poll(() => frameHeight(page)).toBe(closed);
});

test('token expiry: tokens are refreshed before they expire, no call fails over more than a TTL', async ({ page }) => {
  const { tokenTtlSeconds } = stackInfo();
  const gateway = watchGateway(page);
  await login(page);
  const frame = await openExtension(page, HELLO_ID);
  let expected = await counter(frame);

  // Keep calling for longer than one token lifetime (the gateway's TTL is short in this run).
  const until = Date.now() + (tokenTtlSeconds + 6) * 1000;
  while (Date.now() < until) {
    await frame.getByTestId('counter-increment').click();
    expected += 1;
    await expect(frame.getByTestId('counter-value')).toHaveText(String(expected));
    await page.waitForTimeout(1_500);
  }

  const calls = gateway.calls.filter((c) => c.url.includes(`/api/ext/${HELLO_ID}/`));
  expect(calls.length).toBeGreaterThan(5);
  expect(calls.filter((c) => c.status === 401)).toEqual([]);
  expect(calls.every((c) => c.status === 200)).toBe(true);
  // Every call carried a token that had not expired yet (no reliance on the gateway's clock
  // leeway), and the token changed during the run: it was refreshed, not stretched.
  const tokens = new Set(calls.map((c) => c.authorization));
  expect(tokens.size).toBeGreaterThanOrEqual(2);
  for (const call of calls) {
    const exp = Number(jwtPayload(call.authorization!)['exp']);
    expect(exp * 1000).toBeGreaterThan(call.at - 1_000);
  }
  await expect(frame.getByTestId('counter-error')).toHaveCount(0);

  // The tokens never reach the services' logs (the gateway and runner log every one of these calls).
  const logs = await readFile(stackInfo().logFile, 'utf8');
  expect(logs).toContain(`/api/ext/${HELLO_ID}/counter/increment`);
  for (const token of tokens) expect(logs).not.toContain(token!.replace(/^Bearer /, '').split('.')[2]);
  expect(logs).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
});

test('on the demo host, the extension script cannot read the host page, its cookies or storage', async ({
  page,
  context,
}) => {
  const { hostUrl } = stackInfo();
  await context.addCookies([{ name: 'host_visible', value: 'cookie-value', url: hostUrl }]);
  await login(page);
  const frame = await openExtension(page, HELLO_ID);
  const popups: string[] = [];
  context.on('page', (p) => popups.push(p.url()));
  const attempts = await attemptEscapes(frame, `${stackInfo().foreignUrl}/e2e/frame.html?stolen=1`);
  expect(attempts).toMatchObject({ ...HOST_READS_REFUSED, popup: 'ok:null' });
  expect(JSON.stringify(attempts)).not.toContain('cookie-value');
  await page.waitForTimeout(500);
  expect(page.url()).toContain(hostUrl);
  expect(popups).toEqual([]);
  // Still working.
  const start = await counter(frame);
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 1));
});

test('the extension cannot ride the host’s session: its requests to the host carry no cookie', async ({ page }) => {
  const { hostUrl } = stackInfo();
  await login(page);
  const frame = await openExtension(page, HELLO_ID);
  const cookies: (string | undefined)[] = [];
  page.on('request', (request) => {
    if (
      request.frame() === frame &&
      request.url().startsWith(`${hostUrl}/api/`) &&
      !request.url().includes('/api/ext/')
    ) {
      void request.allHeaders().then((headers) => cookies.push(headers['cookie']));
    }
  });
  // Cross-site requests a page can always send (no-cors), with credentials asked for: a token for
  // another extension, the session, a logout.
  const results = await frame.evaluate(async (base) => {
    const attempts: [string, RequestInit][] = [
      [`${base}/api/ext-token`, { method: 'POST', body: JSON.stringify({ extensionId: 'com.example.records' }) }],
      [`${base}/api/me`, {}],
      [`${base}/api/logout`, { method: 'POST' }],
    ];
    const out: string[] = [];
    for (const [url, init] of attempts) {
      try {
        const response = await fetch(url, { ...init, credentials: 'include' });
        out.push(`readable:${response.status}`);
      } catch (error) {
        out.push(`throws:${(error as Error).name}`);
      }
    }
    return out;
  }, hostUrl);
  // Nothing is readable (no CORS for the session API)...
  expect(results).toEqual(['throws:TypeError', 'throws:TypeError', 'throws:TypeError']);
  // ...and whatever reached the gateway came without the session cookie (the user is still logged in).
  await expect.poll(() => cookies.length).toBeGreaterThan(0);
  expect(cookies.filter(Boolean)).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('current-user')).toBeVisible();
  const reloaded = await connectedFrame(page);
  const start = await counter(reloaded);
  await reloaded.getByTestId('counter-increment').click();
  await expect(reloaded.getByTestId('counter-value')).toHaveText(String(start + 1));
});
