import { expect, test } from '@playwright/test';
import { PROBE_ID } from '../src/env.js';
import { stackInfo } from '../src/stack-info.js';

test('probe connects on the test host', async ({ page }) => {
  await page.goto(`${stackInfo().testHostUrl}/?ext=${PROBE_ID}`);
  const frame = page.frameLocator(`[data-testid="frame-${PROBE_ID}"]`);
  await expect(frame.getByTestId('probe-status')).toHaveText('connected');
  await frame.getByTestId('probe-ping').click();
  await expect(frame.getByTestId('probe-result')).toHaveText('Hello, probe!');
  await expect(frame.getByTestId('probe-inline')).toHaveText('blocked');
});
