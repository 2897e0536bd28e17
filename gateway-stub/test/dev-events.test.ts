// GATEWAY_DEV_EVENTS (extsys dev): the host page's event stream per tenant, the CLI's build status
// relayed on it, the frame events logged — and none of it when the setting is off.
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, loadConfig, type Gateway } from '../src/index.js';

const ADMIN_TOKEN = 'dev-events-test-admin-token-0123456789abcdef';
const EXTENSION_ID = 'com.acme.dev';
const HASH = `sha256:${'a'.repeat(64)}`;

async function start(devEvents: boolean, logLines: Record<string, unknown>[] = []) {
  const work = await mkdtemp(join(tmpdir(), 'extsys-dev-events-'));
  const gateway = await createGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      GATEWAY_DATA_DIR: work,
      BUNDLE_STORE: join(work, 'store'),
      RUNNER_SERVICE_TOKEN: 'dev-events-test-service-token-0123456789',
      ADMIN_TOKEN,
      HOST_APP_DIR: join(work, 'no-host-app'),
      GATEWAY_DEV_EVENTS: String(devEvents),
    }),
    { logStream: { write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) } },
  );
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`;
  return { gateway, base };
}

async function login(base: string, userId: string): Promise<string> {
  const response = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: 'demo' }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';', 1)[0]!;
}

/** An open event stream: the events read so far, and a wait for the next of a type. */
async function openStream(base: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/dev/events`, { headers: { cookie }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  })();
  const next = async (type: string, count = 1) => {
    await expect.poll(() => events.filter((e) => e.type === type).length).toBeGreaterThanOrEqual(count);
    return events.filter((e) => e.type === type)[count - 1]!;
  };
  return {
    events,
    next,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

describe('GATEWAY_DEV_EVENTS off (the default)', () => {
  let off: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    off = await start(false);
  });
  afterAll(async () => {
    await off?.gateway.app.close();
  });

  it('answers the stream 204 (an EventSource stops for good) and has no dev calls', async () => {
    const cookie = await login(off.base, 'alice');
    expect((await fetch(`${off.base}/api/dev/events`, { headers: { cookie } })).status).toBe(204);
    const build = await fetch(`${off.base}/api/dev/build-status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ extensionId: EXTENSION_ID, ok: false, message: 'x' }),
    });
    expect(build.status).toBe(404);
    const frame = await fetch(`${off.base}/api/dev/frame-events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ extensionId: EXTENSION_ID, event: 'connected' }),
    });
    expect(frame.status).toBe(404);
  });
});

describe('GATEWAY_DEV_EVENTS on', () => {
  let on: Awaited<ReturnType<typeof start>>;
  let gateway: Gateway;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    on = await start(true, logLines);
    gateway = on.gateway;
    await gateway.registry.publish({
      extensionId: EXTENSION_ID,
      version: '1.0.0-dev.1',
      contentHash: HASH,
      uiHash: null, // an API-only extension
      signer: 'test',
      manifest: {
        manifestVersion: 2,
        name: EXTENSION_ID,
        publisher: 'Acme',
        version: '1.0.0-dev.1',
        runtime: 'wasm@1',
        capabilities: [],
        api: { module: 'handler/handler.wasm', endpoints: [{ method: 'GET', path: '/s', handler: 'h' }] },
      },
    });
  });
  afterAll(async () => {
    // The client's pooled sockets of aborted streams linger (undici); the services' own shutdown
    // (gracefulClose in main.ts) closes every connection the same way.
    on?.gateway.app.server.closeAllConnections();
    await on?.gateway.app.close();
  });

  it('needs a session', async () => {
    expect((await fetch(`${on.base}/api/dev/events`)).status).toBe(401);
  });

  it("tells a tenant's pages of its install changes only, and every page of a build status (replayed while failing)", async () => {
    const acme = await openStream(on.base, await login(on.base, 'alice'));
    const globex = await openStream(on.base, await login(on.base, 'carol'));
    expect((await acme.next('ready')).data).toEqual({ tenantId: 'acme' });
    await globex.next('ready');

    const created = await fetch(`${on.base}/api/admin/installs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: 'acme', extensionId: EXTENSION_ID, version: '1.0.0-dev.1' }),
    });
    expect(created.status).toBe(201);
    expect((await acme.next('installs')).data).toEqual({
      tenantId: 'acme',
      extensionId: EXTENSION_ID,
      version: '1.0.0-dev.1',
    });

    const report = (body: unknown, token = ADMIN_TOKEN) =>
      fetch(`${on.base}/api/dev/build-status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await report({ extensionId: EXTENSION_ID, ok: false }, 'x'.repeat(40))).status).toBe(401);
    expect((await report({ extensionId: EXTENSION_ID, ok: 'no' })).status).toBe(400);
    expect((await report({ extensionId: EXTENSION_ID, ok: false, message: 'src/App.tsx:3:1: oops' })).status).toBe(200);
    expect((await acme.next('build')).data).toMatchObject({ extensionId: EXTENSION_ID, ok: false });
    expect((await globex.next('build')).data).toMatchObject({ message: 'src/App.tsx:3:1: oops' });

    // A page that connects while the build fails is told at once; a good build clears it.
    const late = await openStream(on.base, await login(on.base, 'bob'));
    expect((await late.next('build')).data).toMatchObject({ ok: false });
    await report({ extensionId: EXTENSION_ID, ok: true });
    expect((await acme.next('build', 2)).data).toMatchObject({ ok: true });
    const after = await openStream(on.base, await login(on.base, 'bob'));
    await after.next('ready');
    // globex never heard of acme's install.
    expect(globex.events.some((e) => e.type === 'installs')).toBe(false);
    expect(after.events.some((e) => e.type === 'build')).toBe(false);
    for (const stream of [acme, globex, late, after]) await stream.close();
  });

  it('logs the frame events a session reports (for extsys dev to print), and refuses them without one', async () => {
    const cookie = await login(on.base, 'alice');
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${on.base}/api/dev/frame-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({}, { extensionId: EXTENSION_ID, event: 'connected' })).status).toBe(401);
    expect((await post({ cookie }, { extensionId: EXTENSION_ID, event: 'exploded' })).status).toBe(400);
    const ok = await post({ cookie }, { extensionId: EXTENSION_ID, event: 'error', code: 'connection_lost' });
    expect(ok.status).toBe(200);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        audit: 'dev.frame',
        tenantId: 'acme',
        userId: 'alice',
        extensionId: EXTENSION_ID,
        event: 'error',
        code: 'connection_lost',
      }),
    );
  });
});
