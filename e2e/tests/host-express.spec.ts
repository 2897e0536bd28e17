// The Express host example (examples/host-express) end to end: its own runner and server (started
// here with the example's launcher, on ports of their own), a login, hello mounted in the
// product's brand theme, the counter through the Express host's /api/ext (served by
// @extsys/host-server), and tokens the host's gateway must refuse.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { startExampleStack, type ExampleStack } from '@extsys-example/host-express/dev';
import { createExtensionTokens } from '@extsys/host-server';
import { HELLO_ID } from '../src/env.js';
import { contentFrame, jwtPayload, watchGateway } from '../src/helpers.js';

const PORTS = {
  runner: Number(process.env['E2E_HOST_EXPRESS_RUNNER_PORT'] ?? 18680),
  host: Number(process.env['E2E_HOST_EXPRESS_PORT'] ?? 18681),
};
/** Harbor's brand colours (examples/host-express/web/src/brand.ts) as getComputedStyle reports them. */
const BRAND = { primary: 'rgb(15, 118, 110)', background: 'rgb(244, 251, 250)', ink: 'rgb(18, 49, 46)' };

let stack: ExampleStack;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'extsys-e2e-host-express-'));
  stack = await startExampleStack({ dataDir, hostPort: PORTS.host, runnerPort: PORTS.runner });
});

test.afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function logIn(page: Page, user: 'nora' | 'gus'): Promise<Frame> {
  await page.goto(stack.hostUrl);
  await page.getByTestId('login-user').selectOption(user);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('app-panel')).toHaveAttribute('data-status', 'connected');
  return contentFrame(page, '[data-testid="app-panel"] iframe');
}

async function counter(frame: Frame): Promise<number> {
  await expect(frame.getByTestId('counter-value')).toHaveText(/^\d+$/);
  return Number(await frame.getByTestId('counter-value').textContent());
}

/** An /api/ext call from outside the browser (the host listens on 127.0.0.1). */
function callApi(token: string, path = '/counter', init: RequestInit = {}) {
  const url = `http://127.0.0.1:${PORTS.host}/api/ext/${HELLO_ID}${path}`;
  return fetch(url, { ...init, headers: { authorization: `Bearer ${token}` } });
}

test('Express host: hello mounts in the brand theme, counts through the kit, other installs’ tokens are refused', async ({
  page,
}) => {
  const gateway = watchGateway(page);
  const frame = await logIn(page, 'nora');
  await expect(page.getByTestId('tenant-name')).toHaveText('Northwind Traders');

  // The theme override in the product's colours reaches the extension's document.
  await expect
    .poll(() =>
      frame.evaluate(() => {
        const button = document.querySelector('[data-testid="counter-increment"]');
        return {
          primary: getComputedStyle(document.documentElement).getPropertyValue('--ext-color-primary').trim(),
          button: button ? getComputedStyle(button).backgroundColor : undefined,
          background: getComputedStyle(document.body).backgroundColor,
          ink: getComputedStyle(document.body).color,
        };
      }),
    )
    .toEqual({ primary: '#0f766e', button: BRAND.primary, background: BRAND.background, ink: BRAND.ink });

  // The counter: frame → Express host /api/ext (the kit) → runner → hello's handler.
  const start = await counter(frame);
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 1));
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 2));
  const increments = gateway.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/counter/increment'));
  expect(increments.map((c) => [c.url.startsWith(stack.hostUrl), c.status])).toEqual([
    [true, 200],
    [true, 200],
  ]);
  const noraToken = increments[0]!.authorization!.replace(/^Bearer /, '');
  expect(jwtPayload(noraToken)).toMatchObject({ sub: 'nora', tid: 'northwind', ins: 'northwind-hello', ext: HELLO_ID });

  // A token signed by this host for Globex but naming Northwind's install: not Globex's install.
  const tokens = await createExtensionTokens({ keys: [stack.tokenKey], issuer: stack.hostUrl });
  const claims = jwtPayload(noraToken);
  const crossed = await tokens.mint({
    user: 'gus',
    tenant: 'globex',
    install: { id: String(claims['ins']), extensionId: HELLO_ID, contentHash: String(claims['ch']) },
  });
  const refused = await callApi(crossed.token);
  expect(refused.status).toBe(404);
  expect(await refused.json()).toMatchObject({ error: { code: 'extension_not_available' } });
  // Nora's own token on another extension's API.
  const mismatch = await fetch(`http://127.0.0.1:${PORTS.host}/api/ext/com.example.records/items`, {
    headers: { authorization: `Bearer ${noraToken}` },
  });
  expect([mismatch.status, ((await mismatch.json()) as { error: { code: string } }).error.code]).toEqual([
    403,
    'extension_mismatch',
  ]);

  // Nothing else broke: Nora's token still counts for Northwind, from the frame and from outside.
  expect(await (await callApi(noraToken)).json()).toEqual({ count: start + 2 });
  await frame.getByTestId('counter-increment').click();
  await expect(frame.getByTestId('counter-value')).toHaveText(String(start + 3));

  // Gus of Globex, in the same browser after a logout: his tenant's own install and count.
  await page.getByTestId('logout').click();
  const gusFrame = await logIn(page, 'gus');
  await expect(page.getByTestId('tenant-name')).toHaveText('Globex');
  const gusStart = await counter(gusFrame);
  await gusFrame.getByTestId('counter-increment').click();
  await expect(gusFrame.getByTestId('counter-value')).toHaveText(String(gusStart + 1));
  const gusCall = gateway.calls.findLast((c) => c.url.endsWith('/counter/increment'))!;
  expect(jwtPayload(gusCall.authorization!)).toMatchObject({ sub: 'gus', tid: 'globex', ins: 'globex-hello' });
  expect(await (await callApi(noraToken)).json()).toEqual({ count: start + 3 });
});
