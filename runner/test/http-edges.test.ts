// The runner's HTTP edges, on real sockets: requests Node refuses before routing answer the
// protocol's envelope, and a client too slow to send its request is cut (issue #22). The details
// (log lines, ids) are tested once in @extsys/service; this proves the runner is wired to them.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTE_FRAME_CONTENT_TYPE } from '@extsys/protocol';
import { sendRaw, socketRefusal, trickle, type RawTarget } from '@extsys/service/testing';
import { ConfigError, loadConfig } from '../src/config.js';
import { tempDir } from './support/bundles.js';
import { SERVICE_TOKEN } from './support/execute.js';
import { startRunner, type StartedRunner } from './support/runner.js';

let runner: StartedRunner;
let target: RawTarget;

beforeAll(async () => {
  const work = await tempDir('edges');
  runner = await startRunner({
    BUNDLE_STORE: join(work, 'store'),
    BUNDLE_CACHE_DIR: join(work, 'cache'),
    REQUIRE_SIGNATURES: 'false',
    RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
    HTTP_HEADERS_TIMEOUT_MS: '300',
    HTTP_REQUEST_TIMEOUT_MS: '600',
    HTTP_CONNECTIONS_CHECK_INTERVAL_MS: '50',
  });
  target = { port: (runner.app.server.address() as AddressInfo).port };
});

afterAll(async () => {
  await runner?.close();
});

describe('requests Node refuses before routing', () => {
  it('answers a well-formed request (the control)', async () => {
    const answer = await sendRaw(target, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });

  it('answers 400 bad_request to Content-Length with Transfer-Encoding, a bad header name, a garbage request line', async () => {
    for (const request of [
      'POST /v1/execute HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n',
      '\u0001\u0002 not http at all\r\n\r\n',
    ]) {
      const answer = await sendRaw(target, request);
      expect(answer.status, request).toBe(400);
      expect(socketRefusal(answer).code, request).toBe('bad_request');
    }
  });

  it('answers 431 headers_too_large to a 70 KB URL', async () => {
    const answer = await sendRaw(target, `GET /ext-ui/${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(socketRefusal(answer).code).toBe('headers_too_large');
  });
});

describe('slow clients', () => {
  it('cuts a client trickling its headers, with 408 request_timeout', async () => {
    const answer = await trickle(target, {
      head: 'POST /v1/execute HTTP/1.1\r\nHost: x\r\n',
      trickle: `X-Slow: ${'a'.repeat(200)}\r\n\r\n`,
      intervalMs: 20,
    });
    expect(answer.cutByServer).toBe(true);
    expect(answer.status).toBe(408);
    expect(socketRefusal(answer).code).toBe('request_timeout');
  });

  it('cuts a client trickling its body to POST /v1/execute, with 408 request_timeout', async () => {
    const body = 'f'.repeat(300);
    const answer = await trickle(target, {
      head:
        'POST /v1/execute HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: Bearer ${SERVICE_TOKEN}\r\nContent-Type: ${EXECUTE_FRAME_CONTENT_TYPE}\r\n` +
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
    expect(() => loadConfig({ REQUIRE_SIGNATURES: 'false', HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ REQUIRE_SIGNATURES: 'false', HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(
      /HTTP_REQUEST_TIMEOUT_MS/,
    );
  });
});
