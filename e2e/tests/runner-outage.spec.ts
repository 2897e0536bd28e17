// The runner goes away mid-session: calls fail fast with runner_unavailable in the extension's UI
// (nothing hangs), and work again once it is back. Every test restarts the runner in `finally`.
import { expect, test } from '@playwright/test';
import { HELLO_ID } from '../src/env.js';
import { connectedFrame, DEMO, login, openExtension } from '../src/demo-host.js';
import { runner } from '../src/stack-info.js';

test('killing the runner: calls fail fast with runner_unavailable, then succeed once it is back', async ({ page }) => {
  await login(page);
  const hello = await openExtension(page, HELLO_ID);
  await expect(hello.getByTestId('counter-value')).toHaveText(/^\d+$/);
  const before = Number(await hello.getByTestId('counter-value').textContent());

  try {
    await runner.stop();
    await hello.getByTestId('counter-increment').click();
    // "Doesn't hang": a generous bound, far below the gateway's 10 s call deadline + the SDK's 15 s.
    await expect(hello.getByTestId('counter-error-code')).toHaveText('runner_unavailable', { timeout: 8_000 });
    // The page itself stays alive and usable while the runner is down (its UI came from the
    // runner, but it is loaded), and the host keeps it connected.
    await expect(hello.getByTestId('counter-increment')).toBeEnabled();
    await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-status', 'connected');
  } finally {
    await runner.start();
  }

  await hello.getByTestId('counter-increment').click();
  await expect(hello.getByTestId('counter-value')).toHaveText(String(before + 1));
  await expect(hello.getByTestId('counter-error')).toHaveCount(0);
});

test('a frame mounted while the runner is down shows the host’s error state; Retry works once it is back', async ({
  page,
}) => {
  await login(page);
  await expect(page.getByTestId(`nav-ext-${HELLO_ID}`)).toBeVisible();
  try {
    await runner.stop();
    await page.getByTestId(`nav-ext-${HELLO_ID}`).click();
    // The page cannot load; the host's handshake deadline (10 s) turns it into the error panel.
    await expect(page.getByTestId('frame-error')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(DEMO.frameWrapper)).toHaveAttribute('data-status', 'error');
    await expect(page.getByTestId('frame-retry')).toBeEnabled();
  } finally {
    await runner.start();
  }
  await page.getByTestId('frame-retry').click();
  const frame = await connectedFrame(page);
  await expect(page.getByTestId('frame-error')).toHaveCount(0);
  await expect(frame.getByTestId('counter-value')).toHaveText(/^\d+$/);
  const start = Number(await frame.getByTestId('counter-value').textContent());
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 1));
});
