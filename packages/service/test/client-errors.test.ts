// What Node refuses before Fastify sees a request (parser errors, oversized headers, a client too
// slow to send its request) answers the protocol's envelope, on a real socket: `inject` never
// reaches Node's HTTP parser.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceFastifyOptions, useErrorEnvelopes } from '../src/index.js';
import { sendRaw, socketRefusal, trickle, type RawAnswer, type RawTarget } from '../src/testing/index.js';

let app: FastifyInstance;
let target: RawTarget;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  app = Fastify(
    serviceFastifyOptions({
      logLevel: 'info',
      logStream: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
      trustRequestId: false,
      httpTimeouts: {
        headersTimeoutMs: 300,
        requestTimeoutMs: 600,
        keepAliveTimeoutMs: 200,
        connectionsCheckIntervalMs: 50,
      },
    }),
  );
  useErrorEnvelopes(app, { name: 'test service', toEnvelope: () => undefined });
  app.get('/hello', async () => ({ hello: 'world' }));
  app.post('/echo', async (request) => ({ echo: request.body }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  target = { port: (app.server.address() as AddressInfo).port };
});

afterAll(async () => {
  await app?.close();
});

const SECRET = 'Bearer do-not-log-this-credential';

/** The refusal's envelope, after checking what every refusal written on the socket carries. */
function refusal(answer: RawAnswer, status: number) {
  expect(answer.status, answer.text).toBe(status);
  return socketRefusal(answer);
}

function logLineOf(requestId: unknown) {
  const line = lines.find((entry) => entry.requestId === requestId && typeof entry.clientError === 'string');
  expect(line, `no log line for ${String(requestId)}`).toBeDefined();
  return line!;
}

describe('requests Node refuses before routing', () => {
  it('answers a well-formed request normally (the control)', async () => {
    const answer = await sendRaw(target, 'GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ hello: 'world' });
  });

  it('Content-Length with Transfer-Encoding: 400 bad_request, logged without the request’s bytes', async () => {
    const answer = await sendRaw(
      target,
      'POST /echo HTTP/1.1\r\nHost: x\r\nAuthorization: ' +
        SECRET +
        '\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    const error = refusal(answer, 400);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('Transfer-Encoding');
    const line = logLineOf(error.requestId);
    expect(line).toMatchObject({ code: 'bad_request', clientError: 'HPE_INVALID_TRANSFER_ENCODING', status: 400 });
    expect(JSON.stringify(lines)).not.toContain('do-not-log-this-credential');
  });

  it('a bad header name: 400 bad_request', async () => {
    const error = refusal(await sendRaw(target, 'GET /hello HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n'), 400);
    expect(error.code).toBe('bad_request');
    expect(logLineOf(error.requestId).clientError).toBe('HPE_INVALID_HEADER_TOKEN');
  });

  it('a garbage request line: 400 bad_request', async () => {
    const error = refusal(await sendRaw(target, '\u0001\u0002 not http at all\r\n\r\n'), 400);
    expect(error.code).toBe('bad_request');
  });

  it('a 70 KB URL: 431 headers_too_large', async () => {
    const error = refusal(await sendRaw(target, `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`), 431);
    expect(error.code).toBe('headers_too_large');
    expect(error.message).toContain('16384-byte limit');
    expect(logLineOf(error.requestId).clientError).toBe('HPE_HEADER_OVERFLOW');
  });

  it('mints a new id for each refusal', async () => {
    const a = refusal(await sendRaw(target, 'GET /hello HTTP/1.1\r\nBad Name: y\r\n\r\n'), 400);
    const b = refusal(await sendRaw(target, 'GET /hello HTTP/1.1\r\nBad Name: y\r\n\r\n'), 400);
    expect(a.requestId).not.toBe(b.requestId);
  });
});

describe('slow clients', () => {
  it('cuts a client trickling its headers, with 408 request_timeout', async () => {
    const answer = await trickle(target, {
      head: 'GET /hello HTTP/1.1\r\nHost: x\r\n',
      trickle: `X-Slow: ${'a'.repeat(200)}\r\n\r\n`,
      intervalMs: 20,
    });
    expect(answer.cutByServer).toBe(true);
    const error = refusal(answer, 408);
    expect(error.code).toBe('request_timeout');
    expect(error.retriable).toBe(true);
    expect(logLineOf(error.requestId).clientError).toBe('ERR_HTTP_REQUEST_TIMEOUT');
  });

  it('cuts a client trickling its body, with 408 under the id the request was logged with', async () => {
    const body = JSON.stringify({ slow: 'b'.repeat(200) });
    const answer = await trickle(target, {
      head: `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      trickle: body,
      intervalMs: 20,
    });
    expect(answer.cutByServer).toBe(true);
    const error = refusal(answer, 408);
    expect(error.code).toBe('request_timeout');
    // The request reached Fastify (its "incoming request" line) before its body stopped arriving.
    expect(lines.some((line) => line.requestId === error.requestId && line.msg === 'incoming request')).toBe(true);
    // Fastify's own read of that body then fails: logged as the client's doing, never as a failure.
    await expect
      .poll(() =>
        lines.some(
          (line) => line.requestId === error.requestId && String(line.msg).startsWith('the client connection closed'),
        ),
      )
      .toBe(true);
    expect(lines.filter((line) => line.requestId === error.requestId && Number(line.level) >= 50)).toEqual([]);
  });

  it('cuts a connection that never sends a byte, with 408 request_timeout', async () => {
    const answer = await sendRaw(target, '');
    expect(answer.closedByServer).toBe(true);
    expect(socketRefusal(answer).code).toBe('request_timeout');
  });

  it('closes a keep-alive connection left idle after its answer', async () => {
    const answer = await sendRaw(target, 'GET /hello HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(answer.headers['connection']).toBe('keep-alive');
    expect(answer.closedByServer).toBe(true);
  });

  it('lets a request that arrives in time through on the same server', async () => {
    const answer = await trickle(target, {
      head: 'GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n',
      trickle: '\r\n',
      intervalMs: 20,
    });
    expect(answer.status).toBe(200);
    expect(answer.cutByServer).toBe(false);
  });
});
