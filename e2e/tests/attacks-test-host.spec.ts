// Attacks that need what only a test host exposes: the bridges' rejected-message counts, two
// extensions side by side, a mount presenting the wrong nonce, and a page on an origin outside the
// runner's frame-ancestors. The test host (e2e/test-host) mounts extensions with the same
// @extsys/host-bridge calls as the demo host page, against the same runner and gateway.
import { expect, test, type Frame, type Page } from '@playwright/test';
import { HELLO_ID, PROBE_ID } from '../src/env.js';
import { HOST_READS_REFUSED, attemptEscapes, contentFrame, jwtPayload, watchGateway } from '../src/helpers.js';
import { published, stackInfo } from '../src/stack-info.js';

const BRIDGE = { namespace: 'penpal', channel: 'extsys.bridge' };

async function openTestHost(page: Page, query: string) {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${stackInfo().testHostUrl}/?${query}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  return errors;
}

async function probeFrame(page: Page): Promise<Frame> {
  const frame = await contentFrame(page, `[data-testid="frame-${PROBE_ID}"]`);
  await expect(frame.getByTestId('probe-status')).toHaveText('connected');
  return frame;
}

/** The probe's own API call through gateway → runner → wasm: the "still works" check. */
async function expectProbeWorks(frame: Frame, name = 'still-here') {
  expect(await frame.evaluate((n) => window.probe.ping(n), name)).toEqual({ status: 200, text: `Hello, ${name}!` });
}

async function rejected(page: Page) {
  return page.evaluate(() => window.e2eHost.totals());
}

test.describe('bridge message forgery', () => {
  test('forged messages from a third frame and from the page are ignored and counted', async ({ page }) => {
    const pageErrors = await openTestHost(page, `ext=${PROBE_ID}`);
    const probe = await probeFrame(page);
    expect((await rejected(page)).total).toBe(0);

    // A third frame on another origin, posting to the host window on the bridge channel.
    await page.evaluate((src) => {
      const third = document.createElement('iframe');
      third.dataset['testid'] = 'third';
      third.src = src;
      document.body.append(third);
    }, `${stackInfo().foreignUrl}/e2e/frame.html?src=about:blank`);
    const third = await (await page.waitForSelector('[data-testid="third"]')).contentFrame();
    await expect.poll(() => third?.url()).toContain('/e2e/frame.html');
    const forged = [
      { ...BRIDGE, type: 'SYN', participantId: 'forged' }, // a handshake start from the wrong window
      { ...BRIDGE, type: 'CALL', id: 'x1', methodPath: ['hello'], args: [{ nonce: 'guessed-nonce-000000000' }] },
      { ...BRIDGE, type: 'CALL', id: 'x2', methodPath: ['toast'], args: [{ message: 'forged toast' }] },
      { ...BRIDGE, type: 'NONSENSE' }, // malformed
      { ...BRIDGE, type: 'CALL' }, // malformed: no id, no method
    ];
    await third!.evaluate((messages) => {
      for (const message of messages) window.parent.postMessage(message, '*');
    }, forged);
    await expect.poll(async () => (await rejected(page)).byReason['foreign-source']).toBe(forged.length);

    // The page itself (window.postMessage to itself: the source is the host window, not the frame).
    await page.evaluate((messages) => {
      for (const message of messages) window.postMessage(message, '*');
    }, forged);
    await expect.poll(async () => (await rejected(page)).byReason['foreign-source']).toBe(2 * forged.length);

    // Malformed and penpal-v6 messages from the extension's own window (the right source).
    await probe.evaluate(() => {
      window.parent.postMessage({ namespace: 'penpal', channel: 'extsys.bridge', type: 'NONSENSE' }, '*');
      window.parent.postMessage({ namespace: 'penpal', channel: 'extsys.bridge', type: 'CALL', id: 7 }, '*');
      window.parent.postMessage({ penpal: 'syn', channel: 'extsys.bridge' }, '*');
    });
    await expect.poll(async () => (await rejected(page)).byReason['malformed']).toBe(3);

    // Nothing was processed: no forged toast reached the host, nothing was thrown into it, the
    // connection is intact and the extension keeps working.
    expect(await page.evaluate(() => window.e2eHost.toasts)).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => window.e2eHost.states())).toEqual({ [PROBE_ID]: 'connected' });
    await expectProbeWorks(probe);
    await expect(page.getByTestId('rejected-total')).toHaveText(String(2 * forged.length + 3));
  });

  test('a mount presenting the wrong nonce is refused and counted; the other extension keeps working', async ({
    page,
  }) => {
    await openTestHost(page, `ext=${HELLO_ID},${PROBE_ID}&wrongNonce=${PROBE_ID}`);
    const probe = await contentFrame(page, `[data-testid="frame-${PROBE_ID}"]`);
    await expect(probe.getByTestId('probe-status')).toHaveText('error: handshake_failed');
    await expect.poll(async () => (await rejected(page)).byReason['wrong-nonce']).toBeGreaterThanOrEqual(1);
    expect((await page.evaluate(() => window.e2eHost.states()))[PROBE_ID]).not.toBe('connected');

    const hello = await contentFrame(page, `[data-testid="frame-${HELLO_ID}"]`);
    await expect(hello.getByTestId('counter-value')).toHaveText(/^\d+$/);
    const before = Number(await hello.getByTestId('counter-value').textContent());
    await hello.getByTestId('counter-increment').click();
    await expect(hello.getByTestId('counter-value')).toHaveText(String(before + 1));
  });
});

test.describe('two extensions on one page', () => {
  test('cannot reach each other, nor each other’s token', async ({ page }) => {
    const gateway = watchGateway(page);
    await openTestHost(page, `ext=${HELLO_ID},${PROBE_ID}`);
    const probe = await probeFrame(page);
    const hello = await contentFrame(page, `[data-testid="frame-${HELLO_ID}"]`);
    await expect(hello.getByTestId('counter-value')).toHaveText(/^\d+$/);

    // The probe walks the page's frames: every other frame is out of reach (opaque origins, even
    // though both pages come from the same runner origin).
    const reach = await probe.evaluate(() => {
      const results: string[] = [];
      for (let i = 0; i < window.parent.frames.length; i++) {
        const other = window.parent.frames[i]!;
        if (other === window) continue;
        for (const [name, read] of [
          ['document', () => other.document.body.innerHTML],
          ['location', () => other.location.href],
          ['globals', () => String((other as unknown as { probe?: unknown }).probe)],
          ['storage', () => other.localStorage.length],
        ] as const) {
          try {
            results.push(`${name}:ok:${String(read())}`);
          } catch (error) {
            results.push(`${name}:${(error as Error).name}`);
          }
        }
      }
      return results;
    });
    expect(reach.length).toBeGreaterThan(0);
    for (const result of reach) expect(result).toMatch(/:SecurityError$/);

    // The probe pretends to be the host towards hello (a forged token push): hello ignores it,
    // because it only listens to its parent.
    const forgedToken = await probe.evaluate(() => window.probe.token());
    await probe.evaluate((token) => {
      for (let i = 0; i < window.parent.frames.length; i++) {
        const other = window.parent.frames[i]!;
        if (other === window) continue;
        other.postMessage({ namespace: 'penpal', channel: 'extsys.bridge', type: 'SYN', participantId: 'x' }, '*');
        other.postMessage({ type: 'tokenChanged', token, ttlMs: 60_000 }, '*');
      }
    }, forgedToken);

    // Each extension's calls carry only a token for itself.
    const before = Number(await hello.getByTestId('counter-value').textContent());
    await hello.getByTestId('counter-increment').click();
    await expect(hello.getByTestId('counter-value')).toHaveText(String(before + 1));
    await expectProbeWorks(probe);
    const byExtension = (id: string) =>
      gateway.calls.filter((c) => c.url.includes(`/api/ext/${id}/`) && c.authorization);
    expect(byExtension(HELLO_ID).length).toBeGreaterThan(0);
    expect(byExtension(PROBE_ID).length).toBeGreaterThan(0);
    for (const id of [HELLO_ID, PROBE_ID]) {
      for (const call of byExtension(id)) {
        expect(call.status).toBe(200);
        expect(jwtPayload(call.authorization!)['ext']).toBe(id);
      }
    }
  });

  test('a token lifted from one extension is refused on another extension’s endpoints (403)', async ({
    page,
    request,
  }) => {
    const gateway = watchGateway(page);
    await openTestHost(page, `ext=${HELLO_ID},${PROBE_ID}`);
    const probe = await probeFrame(page);
    const hello = await contentFrame(page, `[data-testid="frame-${HELLO_ID}"]`);
    await expect(hello.getByTestId('counter-value')).toHaveText(/^\d+$/);
    const { hostUrl } = stackInfo();

    // The probe's script lifts its own token and calls hello's endpoint with it, from its frame.
    const fromFrame = await probe.evaluate(
      async ({ url }) => {
        const token = await window.probe.token();
        const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        return { status: response.status, body: (await response.json()) as { error?: { code?: string } } };
      },
      { url: `${hostUrl}/api/ext/${HELLO_ID}/counter/increment` },
    );
    expect(fromFrame.status).toBe(403);
    expect(fromFrame.body.error?.code).toBe('extension_mismatch');

    // A token lifted off the wire from hello's calls, replayed against the probe's endpoint.
    const helloToken = gateway.calls.find((c) => c.url.includes(`/api/ext/${HELLO_ID}/`))?.authorization;
    expect(helloToken).toBeTruthy();
    const replayed = await request.get(`${hostUrl}/api/ext/${PROBE_ID}/hello/x`, {
      headers: { authorization: helloToken! },
    });
    expect(replayed.status()).toBe(403);
    expect(((await replayed.json()) as { error: { code: string } }).error.code).toBe('extension_mismatch');

    // Both keep working with their own tokens; the refused call changed no counter.
    const before = Number(await hello.getByTestId('counter-value').textContent());
    await hello.getByTestId('counter-increment').click();
    await expect(hello.getByTestId('counter-value')).toHaveText(String(before + 1));
    await expectProbeWorks(probe);
  });
});

test.describe('sandbox and CSP', () => {
  test('the extension script cannot read the host, its cookies or storage, navigate top, or open a popup', async ({
    page,
    context,
  }) => {
    const { testHostUrl } = stackInfo();
    await context.addCookies([{ name: 'host_secret', value: 'cookie-value', url: testHostUrl }]);
    await openTestHost(page, `ext=${PROBE_ID}`);
    await page.evaluate(() => localStorage.setItem('host_secret', 'storage-value'));
    const probe = await probeFrame(page);
    const popups: string[] = [];
    context.on('page', (p) => popups.push(p.url()));

    const attempts = await attemptEscapes(probe, `${stackInfo().foreignUrl}/e2e/frame.html?stolen=1`);
    expect(attempts).toMatchObject(HOST_READS_REFUSED);
    // Navigating top from a sandbox without allow-top-navigation: refused (thrown or ignored)...
    expect(attempts.navigateTop).toMatch(/^(throws:|ok:assigned$)/);
    // ...and without allow-popups window.open returns null and opens nothing.
    expect(attempts.popup).toBe('ok:null');
    await page.waitForTimeout(500); // let a navigation or popup, had one started, show up
    expect(page.url()).toContain(testHostUrl);
    expect(popups).toEqual([]);
    expect(JSON.stringify(attempts)).not.toContain('cookie-value');
    expect(JSON.stringify(attempts)).not.toContain('storage-value');

    await expectProbeWorks(probe);
  });

  test('the runner’s CSP blocks an inline script and a fetch to a non-gateway origin', async ({ page }) => {
    const csp: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes(`/ext-ui/${PROBE_ID}/`) && response.request().resourceType() === 'document') {
        csp.push(response.headers()['content-security-policy'] ?? '');
      }
    });
    await openTestHost(page, `ext=${PROBE_ID}`);
    const probe = await probeFrame(page);
    const { hostUrl, quoteApiUrl, runnerUrl } = stackInfo();

    expect(csp[0]).toContain("script-src 'self'");
    expect(csp[0]).toContain(`connect-src ${hostUrl}`);
    // The inline <script> in the probe's index.html never ran (its module script did).
    await expect(probe.getByTestId('probe-inline')).toHaveText('blocked');
    expect(await probe.evaluate(() => document.documentElement.getAttribute('data-inline-script'))).toBeNull();
    expect(await probe.evaluate(() => window.probe.inlineRan)).toBe(false);

    // A fetch to another origin (the quote API, the runner itself) is blocked by connect-src.
    const outside = await probe.evaluate(
      async (urls) => {
        const results: string[] = [];
        for (const url of urls) {
          try {
            const response = await fetch(url);
            results.push(`ok:${response.status}`);
          } catch (error) {
            results.push(`throws:${(error as Error).name}`);
          }
        }
        return results;
      },
      [`${quoteApiUrl}/`, `${runnerUrl}/healthz`],
    );
    expect(outside).toEqual(['throws:TypeError', 'throws:TypeError']);
    await expect
      .poll(() => probe.evaluate(() => window.probe.violations.map((v) => v.directive)))
      .toEqual(expect.arrayContaining(['connect-src']));

    // The gateway is allowed: the extension keeps working.
    await expectProbeWorks(probe);
  });

  test('an ext-ui page refuses to be framed by an origin outside frame-ancestors', async ({ page }) => {
    const { contentHash } = published(PROBE_ID);
    const { runnerUrl, foreignUrl, testHostUrl } = stackInfo();
    const src = `${runnerUrl}/ext-ui/${PROBE_ID}/${contentHash}/index.html`;
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));

    // Control: the same framing page on an allowed origin (the test host) shows the extension page.
    await page.goto(`${testHostUrl}/e2e/frame.html?src=${encodeURIComponent(src)}`);
    const allowed = await contentFrame(page, '[data-testid="framed"]');
    await expect(allowed.getByTestId('probe-status')).toBeAttached();

    // An origin outside frame-ancestors: the browser refuses to render it.
    await page.goto(`${foreignUrl}/e2e/frame.html?src=${encodeURIComponent(src)}`);
    const handle = await page.waitForSelector('[data-testid="framed"]', { state: 'attached' });
    await expect.poll(() => consoleLines.join('\n')).toMatch(/frame-ancestors/);
    const blocked = await handle.contentFrame();
    expect(blocked?.url() ?? '').not.toContain('/ext-ui/');
    expect(await blocked?.locator('[data-testid="probe-status"]').count()).toBe(0);
  });
});

test('an extension page opened top-level is still sandboxed: opaque origin, no storage, no handshake', async ({
  page,
}) => {
  const { contentHash } = published(PROBE_ID);
  await page.goto(`${stackInfo().runnerUrl}/ext-ui/${PROBE_ID}/${contentHash}/index.html`);
  await expect(page.getByTestId('probe-status')).toHaveText(/^error: handshake_failed/);
  expect(
    await page.evaluate(() => {
      let storage = 'readable';
      try {
        void window.localStorage.length;
      } catch (error) {
        storage = (error as Error).name;
      }
      return { origin: window.origin, storage };
    }),
  ).toEqual({ origin: 'null', storage: 'SecurityError' });
});

declare global {
  interface Window {
    probe: {
      ping(name?: string): Promise<{ status: number; text: string } | { error: string }>;
      token(): Promise<string>;
      inlineRan: boolean;
      violations: { directive: string; blockedURI: string }[];
    };
    e2eHost: {
      states(): Record<string, string>;
      totals(): { total: number; byReason: Record<string, number> };
      toasts: unknown[];
    };
  }
}
