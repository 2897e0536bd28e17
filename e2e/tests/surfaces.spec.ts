// The surfaces of one extension on the real demo host: the `records` example's panel beside a host
// customer (a new customer without a remount), its modal returning a value (dismissed with Esc,
// opened while its page is slow to load, a forged close from another frame ignored), the record
// form's draft kept as view state by the gateway (across a host page reload, per user, capped), and
// the unsaved-changes guard on host navigation.
import { expect, test, type Frame, type Locator, type Page } from '@playwright/test';
import { connectedFrame, login } from '../src/demo-host.js';
import { RECORDS_ID } from '../src/env.js';
import { contentFrame } from '../src/helpers.js';

const PANEL = `[data-testid="extension-panel"][data-extension-id="${RECORDS_ID}"][data-entry-point="customer-records"]`;

async function openCustomer(page: Page, customerId: string): Promise<Frame> {
  await page.getByTestId('nav-customers').click();
  await page.getByTestId(`customer-${customerId}`).click();
  await expect(page.getByTestId('customer-details')).toHaveAttribute('data-customer-id', customerId);
  await expect(page.locator(PANEL)).toHaveAttribute('data-status', 'connected');
  return contentFrame(page, `${PANEL} iframe`);
}

/** The host's dialog of the `pick-record` modal and the modal's own frame once it is connected. */
async function modalOf(page: Page, title: RegExp): Promise<{ dialog: Locator; frame: Frame }> {
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  const frame = await contentFrame(page, 'dialog.extsys-modal iframe');
  await expect(frame.getByTestId('pick-record')).toBeVisible();
  return { dialog, frame };
}

const linkedIds = (panel: Frame) =>
  panel.getByTestId('panel-link').evaluateAll((items) => items.map((li) => li.getAttribute('data-record-id')));

test('a panel beside the host’s customer: the modal returns the picked record, Esc returns nothing, a new customer arrives without a remount', async ({
  page,
}) => {
  await login(page, 'carol'); // her own tenant: the links of this test are hers alone
  const panel = await openCustomer(page, 'cus-001');
  await expect(panel.getByTestId('customer-panel')).toHaveAttribute('data-customer-id', 'cus-001');
  await expect(panel.getByTestId('panel-subject')).toHaveText('Ada Lovelace');
  const before = await linkedIds(panel);
  await panel.evaluate(() => ((window as unknown as { marker: string }).marker = 'same-frame'));

  // Esc: the dialog closes, focus goes back to the panel's frame, nothing is linked.
  await panel.getByTestId('panel-link-record').click();
  let modal = await modalOf(page, /Link a record to Ada Lovelace/);
  // The user clicks into the modal's page (a headless page has no system focus of its own) and
  // presses Esc there: the key reaches the frame, never the host's dialog, and the SDK passes it on.
  await modal.frame.getByTestId('pick-record').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Escape');
  await expect(modal.dialog).toBeHidden();
  await expect(page.locator(`${PANEL} iframe`)).toBeFocused();
  expect(await linkedIds(panel)).toEqual(before);

  // A pick: the value comes back to the panel, which links it.
  await panel.getByTestId('panel-link-record').click();
  modal = await modalOf(page, /Link a record to Ada Lovelace/);
  const option = modal.frame.locator('[data-testid="pick-option"]:not([disabled])').first();
  const picked = await option.getAttribute('data-record-id');
  await option.click();
  await expect(modal.dialog).toBeHidden();
  await expect.poll(() => linkedIds(panel)).toEqual([...before, picked]);

  // Another customer: the same frame (no remount) shows the new subject.
  await page.getByTestId('customer-cus-002').click();
  await expect(panel.getByTestId('customer-panel')).toHaveAttribute('data-customer-id', 'cus-002');
  await expect(panel.getByTestId('panel-subject')).toHaveText('Grace Hopper');
  expect(await panel.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same-frame');
});

test('a modal opened while its page is slow to load still delivers its input and its result; a forged close from another frame is ignored', async ({
  page,
}) => {
  await login(page, 'carol');
  const panel = await openCustomer(page, 'cus-003');
  const before = await linkedIds(panel);

  // Every script of the extension now takes 1.5 s: the modal's frame loads long after the dialog opened.
  await page.route(`**/ext-ui/${RECORDS_ID}/**/*.js`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await panel.getByTestId('panel-link-record').click();
  const dialog = page.getByRole('dialog', { name: /Link a record to/ });
  await expect(dialog).toBeVisible();

  // Meanwhile another frame (the panel, not the modal) posts a close to the host page.
  await panel.evaluate(() =>
    window.parent.postMessage(
      {
        namespace: 'penpal',
        channel: 'extsys',
        type: 'CALL',
        id: 'forged',
        methodPath: ['closeView'],
        args: [{ result: { id: 1 } }],
      },
      '*',
    ),
  );
  const { frame } = await modalOf(page, /Link a record to/);
  await expect(dialog).toBeVisible(); // the forged close changed nothing
  await page.unroute(`**/ext-ui/${RECORDS_ID}/**/*.js`);
  // The input reached the slow page: what is already linked is not offered.
  for (const id of before)
    await expect(frame.locator(`[data-testid="pick-option"][data-record-id="${id}"]`)).toBeDisabled();
  const option = frame.locator('[data-testid="pick-option"]:not([disabled])').first();
  const picked = await option.getAttribute('data-record-id');
  await option.click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => linkedIds(panel)).toEqual([...before, picked]);
});

test('the record form’s draft is view state: it survives a host page reload, is alice’s alone, and oversize is refused', async ({
  page,
  browser,
}) => {
  await login(page, 'alice');
  await page.goto(`/ext/${RECORDS_ID}/records/9`);
  let frame = await connectedFrame(page);
  const original = (await frame.getByTestId('record-name').inputValue()).trim();
  const draft = `Draft ${Date.now().toString(36)}`;
  await frame.getByTestId('record-name').fill(draft);
  await expect(frame.getByTestId('record-draft')).toContainText('kept as a draft');

  // The host keeps it server-side: wait until the gateway has it, then reload the whole host page.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const extensions = (await (await fetch('/api/extensions')).json()) as {
          extensions: { extensionId: string; installId: string }[];
        };
        const install = extensions.extensions.find((e) => e.extensionId === 'com.example.records')!.installId;
        const query = new URLSearchParams({ installId: install, entryPoint: 'main', route: '/records/9' });
        const answer = (await (await fetch(`/api/host/view-state?${query}`)).json()) as {
          state: { value: { name: string } } | null;
        };
        return answer.state?.value.name;
      }),
    )
    .toBe(draft);
  page.once('dialog', (d) => void d.accept()); // the browser's own "leave site?" while dirty
  await page.reload();
  frame = await connectedFrame(page);
  await expect(frame.getByTestId('record-name')).toHaveValue(draft);

  // Bob, same tenant, same record: not alice's draft.
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await login(bob, 'bob');
  await bob.goto(`/ext/${RECORDS_ID}/records/9`);
  const bobFrame = await connectedFrame(bob);
  await expect(bobFrame.getByTestId('record-name')).toHaveValue(original);
  await expect(bobFrame.getByTestId('record-draft')).toHaveCount(0);

  // Over 64 KiB: a clear refusal, nothing stored.
  const refused = await bob.evaluate(async () => {
    const extensions = (await (await fetch('/api/extensions')).json()) as {
      extensions: { extensionId: string; installId: string }[];
    };
    const installId = extensions.extensions.find((e) => e.extensionId === 'com.example.records')!.installId;
    const response = await fetch('/api/host/view-state', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ installId, entryPoint: 'main', state: { version: 1, value: 'x'.repeat(70_000) } }),
    });
    const query = new URLSearchParams({ installId, entryPoint: 'main' });
    const after = (await (await fetch(`/api/host/view-state?${query}`)).json()) as { state: unknown };
    return {
      status: response.status,
      body: (await response.json()) as { error: { code: string; message: string } },
      after,
    };
  });
  expect(refused.status).toBe(413);
  expect(refused.body.error.code).toBe('payload_too_large');
  expect(refused.body.error.message).toMatch(/65536/);
  expect(refused.after.state).toBeNull();
  await bobContext.close();
});

test('unsaved changes guard host navigation until the user confirms, and nothing once saved', async ({ page }) => {
  await login(page, 'alice');
  await page.goto(`/ext/${RECORDS_ID}/records/11`);
  const frame = await connectedFrame(page);
  await frame.getByTestId('record-name').fill(`Guarded ${Date.now().toString(36)}`);
  await expect(frame.getByTestId('record-draft')).toBeVisible();

  // Leaving is asked first; "stay" keeps the page and the edit.
  await page.getByTestId('nav-customers').click();
  const ask = page.getByTestId('confirm-dialog');
  await expect(ask).toBeVisible();
  await page.getByTestId('confirm-cancel').click();
  await expect(ask).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/records/11$`));
  await expect(frame.getByTestId('record-draft')).toBeVisible();

  // Saving clears the flag: the host navigates without asking.
  await frame.getByTestId('record-save').click();
  await page.getByTestId('confirm-accept').click(); // the save's own confirm
  await expect(frame.getByTestId('record-draft')).toHaveCount(0);
  await page.getByTestId('nav-customers').click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(ask).toBeHidden();

  // Dirty again, and this time the user confirms: the host moves on.
  await page.goto(`/ext/${RECORDS_ID}/records/11`);
  const again = await connectedFrame(page);
  await again.getByTestId('record-notes').fill('not kept');
  await expect(again.getByTestId('record-draft')).toBeVisible();
  await page.getByTestId('nav-customers').click();
  await expect(ask).toBeVisible();
  await page.getByTestId('confirm-accept').click();
  await expect(page).toHaveURL(/\/customers$/);
});
