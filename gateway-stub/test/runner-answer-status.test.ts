// The gateway forwards only a final status (200-599) from a runner's answer: a frame naming 101 once
// made it write `HTTP/1.1 101 Switching Protocols` on the host's origin and never a final answer, so
// clients hung (issue #22). A real runner no longer produces such a frame (it refuses the handler's
// 1xx as handler_trap, runner/test/handler-status.test.ts), so a fake runner answers it here: the
// gateway must not trust the runner on this either.
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTE_FRAME_CONTENT_TYPE, encodeFrame, type ContentHash } from '@extsys/protocol';
import { createGateway, loadConfig, type Gateway } from '../src/index.js';

const EXTENSION_ID = 'com.acme.any-status';
const CONTENT_HASH: ContentHash = `sha256:${'a'.repeat(64)}`;

let fakeRunner: Server;
let gateway: Gateway;
let gatewayUrl: string;
let token: string;
/** The handler status the fake runner puts in its next frame. */
let frameStatus = 200;

beforeAll(async () => {
  fakeRunner = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': EXECUTE_FRAME_CONTENT_TYPE });
      const header = { status: frameStatus, headers: {}, logs: [], logsTruncated: false, durationMs: 1 };
      response.end(encodeFrame(header, new TextEncoder().encode('handler body')));
    });
  });
  await new Promise<void>((resolve) => fakeRunner.listen(0, '127.0.0.1', resolve));
  const work = await mkdtemp(join(tmpdir(), 'extsys-runner-status-'));
  gateway = await createGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      GATEWAY_DATA_DIR: work,
      BUNDLE_STORE: join(work, 'store'),
      RUNNER_URL: `http://127.0.0.1:${(fakeRunner.address() as AddressInfo).port}`,
      RUNNER_SERVICE_TOKEN: 'runner-status-test-service-token-0123456789',
      HOST_APP_DIR: join(work, 'no-host-app'),
    }),
  );
  await gateway.registry.publish({
    extensionId: EXTENSION_ID,
    version: '1.0.0',
    contentHash: CONTENT_HASH,
    uiHash: null, // an API-only extension
    signer: 'test',
    manifest: {
      manifestVersion: 2,
      name: EXTENSION_ID,
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'wasm@1',
      capabilities: [],
      api: { module: 'handler/handler.wasm', endpoints: [{ method: 'GET', path: '/status', handler: 'h' }] },
    },
  });
  const install = await gateway.registry.createInstall({
    tenantId: 'acme',
    extensionId: EXTENSION_ID,
    version: '1.0.0',
    contentHash: CONTENT_HASH,
    enabled: true,
    grants: [],
    config: {},
    secrets: {},
    egress: [],
  });
  ({ token } = await gateway.tokens.mint({ user: 'alice', tenant: 'acme', install }));
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  gatewayUrl = `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway?.app.close();
  await new Promise<void>((resolve) => fakeRunner?.close(() => resolve()));
});

const call = () =>
  fetch(`${gatewayUrl}/api/ext/${EXTENSION_ID}/status`, { headers: { authorization: `Bearer ${token}` } });

describe('a runner frame’s handler status', () => {
  it('is forwarded when final (the control: the fake runner’s frames reach the client)', async () => {
    frameStatus = 418;
    const response = await call();
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('handler body');
  });

  it('becomes a final 502 bad_gateway when it is 101, never an interim answer the client waits past', async () => {
    frameStatus = 101;
    const response = await call();
    expect(response.status).toBe(502);
    const { error } = (await response.json()) as { error: { code: string; requestId: string } };
    expect(error.code).toBe('bad_gateway');
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
  });
});
