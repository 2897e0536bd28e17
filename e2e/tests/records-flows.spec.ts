// The `records` example on the real demo host: server-side pagination, a detail view reached
// through SDK navigation (reflected in the host URL, restored on reload, deep-linkable), and a save
// that goes through the host's confirm dialog and ends with the host's toast.
import { expect, test, type Frame, type Page } from '@playwright/test';
import { connectedFrame, login, openExtension } from '../src/demo-host.js';
import { RECORDS_ID } from '../src/env.js';

const base = `/ext/${RECORDS_ID}`;
const urlOf = (path: string) => new RegExp(`${base.replace(/\./g, '\\.')}${path.replace(/[?]/g, '\\?')}$`);

async function rowIds(frame: Frame): Promise<string[]> {
  await expect(frame.getByTestId('records-table')).not.toHaveAttribute('aria-busy', 'true');
  return frame
    .getByTestId('records-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-record-id') ?? ''));
}

async function openRecords(page: Page): Promise<Frame> {
  await login(page);
  return openExtension(page, RECORDS_ID);
}

test('pagination: the table pages through the handler, the host URL follows', async ({ page }) => {
  const frame = await openRecords(page);
  await expect(frame.getByTestId('records-page')).toHaveText(/^Page 1 of \d+$/);
  await expect(frame.getByTestId('records-prev')).toBeDisabled();
  const first = await rowIds(frame);
  expect(first.length).toBeGreaterThan(1);

  await frame.getByTestId('records-next').click();
  await expect(frame.getByTestId('records-page')).toHaveText(/^Page 2 of \d+$/);
  await expect(page).toHaveURL(urlOf('/records?page=2'));
  const second = await rowIds(frame);
  expect(second.length).toBe(first.length);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  await expect(frame.getByTestId('records-prev')).toBeEnabled();

  // The page survives a reload of the host page (the path comes back from the host URL).
  await page.reload();
  const reloaded = await connectedFrame(page);
  await expect(reloaded.getByTestId('records-page')).toHaveText(/^Page 2 of \d+$/);
  expect(await rowIds(reloaded)).toEqual(second);

  await reloaded.getByTestId('records-prev').click();
  await expect(reloaded.getByTestId('records-page')).toHaveText(/^Page 1 of \d+$/);
  expect(await rowIds(reloaded)).toEqual(first);
});

test('detail through SDK navigation: reflected in the host URL, restored on reload, deep-linkable, back works', async ({
  page,
}) => {
  const frame = await openRecords(page);
  const row = frame.getByTestId('records-row').nth(2);
  const id = await row.getAttribute('data-record-id');
  const name = (await row.textContent())?.trim() ?? '';
  await row.click();
  await expect(frame.getByTestId('record-title')).toHaveText(`#${id} ${name}`);
  await expect(page).toHaveURL(urlOf(`/records/${id}`));

  // Reload: the host URL brings the extension back to the same detail.
  await page.reload();
  let detail = await connectedFrame(page);
  await expect(detail.getByTestId('record-title')).toHaveText(`#${id} ${name}`);

  // The browser's back button (the host's history) returns to the list.
  await page.goBack();
  await expect(page).toHaveURL(/\/ext\/com\.example\.records(\/|\/records(\?page=1)?)?$/);
  detail = await connectedFrame(page);
  await expect(detail.getByTestId('records-table')).toBeVisible();

  // A deep link typed into the address bar opens the detail directly.
  await page.goto(`${base}/records/42`);
  detail = await connectedFrame(page);
  await expect(detail.getByTestId('record-title')).toHaveText(/^#42 /);
  await detail.getByTestId('record-back').click();
  await expect(detail.getByTestId('records-table')).toBeVisible();
  await expect(page).toHaveURL(/\/records(\?page=\d+)?$/);
});

test('save: the host’s confirm (cancel sends nothing, accept saves), then the host’s toast; the edit persists', async ({
  page,
}) => {
  const gatewayPuts: number[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'PUT' && r.url().includes(`/api/ext/${RECORDS_ID}/records/`))
      gatewayPuts.push(r.status());
  });
  await login(page);
  await page.goto(`${base}/records/7`);
  const frame = await connectedFrame(page);
  await expect(frame.getByTestId('record-title')).toHaveText(/^#7 /);
  const revision = Number((await frame.getByTestId('record-revision').textContent())?.replace(/\D/g, ''));
  const newName = `E2E ${Date.now().toString(36)}`;
  await frame.getByTestId('record-name').fill(newName);

  // Cancel in the host's dialog: nothing is sent.
  await frame.getByTestId('record-save').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Save record #7?');
  await page.getByTestId('confirm-cancel').click();
  await expect(dialog).toBeHidden();
  expect(gatewayPuts).toEqual([]);
  await expect(frame.getByTestId('record-revision')).toHaveText(`Revision ${revision}`);

  // Accept: saved through gateway → runner → wasm, and the host shows the toast.
  await frame.getByTestId('record-save').click();
  await expect(dialog).toBeVisible();
  await page.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('host-toast').filter({ hasText: newName })).toBeVisible();
  await expect(page.getByTestId('host-toast').filter({ hasText: newName })).toHaveAttribute('data-tone', 'success');
  await expect(frame.getByTestId('record-revision')).toHaveText(`Revision ${revision + 1}`);
  expect(gatewayPuts).toEqual([200]);

  await page.reload();
  const reloaded = await connectedFrame(page);
  await expect(reloaded.getByTestId('record-title')).toHaveText(`#7 ${newName}`);
});
