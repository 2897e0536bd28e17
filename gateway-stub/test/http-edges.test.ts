// The gateway's HTTP edges, on real sockets: requests Node refuses before routing answer the
// protocol's envelope, and a client too slow to send its request is cut (issue #22). The details
// (log lines, ids) are tested once in @extsys/service; this proves the gateway is wired to them.
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, socketRefusal, trickle, type RawTarget } from '@extsys/service/testing';
import { ConfigError, createGateway, loadConfig, type Gateway } from '../src/index.js';

const SERVICE_TOKEN = 'http-edges-test-service-token-0123456789';
let gateway: Gateway;
let target: RawTarget;

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'extsys-gateway-edges-'));
  gateway = await createGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      GATEWAY_DATA_DIR: work,
      BUNDLE_STORE: join(work, 'store'),
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      HOST_APP_DIR: join(work, 'no-host-app'),
      HTTP_HEADERS_TIMEOUT_MS: '300',
      HTTP_REQUEST_TIMEOUT_MS: '600',
      HTTP_CONNECTIONS_CHECK_INTERVAL_MS: '50',
    }),
  );
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  target = { port: (gateway.app.server.address() as AddressInfo).port };
});

afterAll(async () => {
  await gateway?.app.close();
});

describe('requests Node refuses before routing', () => {
  it('answers a well-formed request (the control)', async () => {
    const answer = await sendRaw(target, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });

  it('answers 400 bad_request to Content-Length with Transfer-Encoding, a bad header name, a garbage request line', async () => {
    for (const request of [
      'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n',
      '\u0001\u0002 not http at all\r\n\r\n',
    ]) {
      const answer = await sendRaw(target, request);
      expect(answer.status, request).toBe(400);
      expect(socketRefusal(answer).code, request).toBe('bad_request');
    }
  });

  it('answers 431 headers_too_large to a 70 KB URL', async () => {
    const answer = await sendRaw(target, `GET /api/ext/${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(socketRefusal(answer).code).toBe('headers_too_large');
  });
});

describe('slow clients', () => {
  it('cuts a client trickling its headers, with 408 request_timeout', async () => {
    const answer = await trickle(target, {
      head: 'GET /api/session HTTP/1.1\r\nHost: x\r\n',
      trickle: `X-Slow: ${'a'.repeat(200)}\r\n\r\n`,
      intervalMs: 20,
    });
    expect(answer.cutByServer).toBe(true);
    expect(answer.status).toBe(408);
    expect(socketRefusal(answer).code).toBe('request_timeout');
  });

  it('cuts a client trickling its body to POST /api/login, with 408 request_timeout', async () => {
    const body = JSON.stringify({ userId: 'alice', password: 'p'.repeat(300) });
    const answer = await trickle(target, {
      head:
        'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n\r\n`,
      trickle: body,
      intervalMs: 20,
    });
    expect(answer.cutByServer).toBe(true);
    expect(answer.status).toBe(408);
    expect(socketRefusal(answer).code).toBe('request_timeout');
  });
});

describe('the timeout settings', () => {
  it('refuses to start with a limit of 0 (off in Node), naming the variable', () => {
    const env = { RUNNER_SERVICE_TOKEN: SERVICE_TOKEN, HTTP_HEADERS_TIMEOUT_MS: '0' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
  });
});
