import { connect, type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_HTTP_TIMEOUTS,
  gracefulClose,
  serviceFastifyOptions,
  trackRequests,
  useErrorEnvelopes,
  type ServiceOptions,
} from '../src/index.js';

let app: FastifyInstance | undefined;
let lines: Record<string, unknown>[] = [];

async function service(trustRequestId: ServiceOptions['trustRequestId']): Promise<FastifyInstance> {
  lines = [];
  app = Fastify(
    serviceFastifyOptions({
      logLevel: 'info',
      logStream: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
      trustRequestId,
      httpTimeouts: DEFAULT_HTTP_TIMEOUTS,
    }),
  );
  useErrorEnvelopes(app, { name: 'test service', toEnvelope: () => undefined });
  app.get('/public', async (request) => {
    request.log.info('handled');
    return { id: request.id };
  });
  app.post('/internal', async (request) => ({ id: request.id }));
  await app.ready();
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const idOf = (res: { json: <T>() => T }) => res.json<{ id: string }>().id;
const MINTED = /^req_[A-Za-z0-9_-]{16}$/;

describe('request ids', () => {
  it('mints its own id when the service does not trust callers, and logs the caller’s as clientRequestId', async () => {
    const app = await service(false);
    const res = await app.inject({ url: '/public', headers: { 'x-request-id': 'req_forged-by-the-client' } });
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(MINTED);
    expect(res.json()).toEqual({ id });
    const mine = lines.filter((line) => line.requestId === id);
    // Fastify's two lines and the handler's own: every one names both ids.
    expect(mine.map((line) => line.msg)).toEqual(['incoming request', 'handled', 'request completed']);
    for (const line of mine) expect(line.clientRequestId).toBe('req_forged-by-the-client');
    expect(lines.some((line) => line.requestId === 'req_forged-by-the-client')).toBe(false);
  });

  it('puts the minted id in refusals, and two calls presenting the same id get two ids', async () => {
    const app = await service(false);
    const a = await app.inject({ url: '/nowhere', headers: { 'x-request-id': 'req_same' } });
    const b = await app.inject({ url: '/nowhere', headers: { 'x-request-id': 'req_same' } });
    expect(a.statusCode).toBe(404);
    expect(a.json<{ error: { requestId: string } }>().error.requestId).toBe(a.headers['x-request-id']);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    expect(lines.filter((line) => line.clientRequestId === 'req_same')).toHaveLength(4);
  });

  it('never logs a malformed caller id, and adds nothing when there is none', async () => {
    const app = await service(false);
    await app.inject({ url: '/public', headers: { 'x-request-id': 'a b\tc' } });
    await app.inject({ url: '/public', headers: { 'x-request-id': 'x'.repeat(129) } });
    await app.inject({ url: '/public' });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toHaveProperty('clientRequestId');
  });

  it('keeps a well-formed caller id when the service trusts it, without a second field', async () => {
    const app = await service(true);
    const res = await app.inject({ url: '/public', headers: { 'x-request-id': 'req_from-gateway-1' } });
    expect(res.headers['x-request-id']).toBe('req_from-gateway-1');
    const mine = lines.filter((line) => line.requestId === 'req_from-gateway-1');
    expect(mine).toHaveLength(3);
    for (const line of mine) expect(line).not.toHaveProperty('clientRequestId');
    const malformed = await app.inject({ url: '/public', headers: { 'x-request-id': 'a b' } });
    expect(malformed.headers['x-request-id']).toMatch(MINTED);
  });

  it('decides per request with a predicate (the raw request: method, URL, headers)', async () => {
    const seen: string[] = [];
    const app = await service((request) => {
      seen.push(`${request.method} ${request.url}`);
      return request.method === 'POST' && request.url === '/internal' && request.headers['x-caller'] === 'gateway';
    });
    const trusted = await app.inject({
      method: 'POST',
      url: '/internal',
      headers: { 'x-request-id': 'req_trusted', 'x-caller': 'gateway' },
    });
    expect(trusted.json()).toEqual({ id: 'req_trusted' });
    const untrustedCaller = await app.inject({
      method: 'POST',
      url: '/internal',
      headers: { 'x-request-id': 'req_x' },
    });
    expect(idOf(untrustedCaller)).toMatch(MINTED);
    const publicRoute = await app.inject({
      url: '/public',
      headers: { 'x-request-id': 'req_y', 'x-caller': 'gateway' },
    });
    expect(idOf(publicRoute)).toMatch(MINTED);
    // Asked only when there is a well-formed id to adopt.
    await app.inject({ url: '/public' });
    expect(seen).toEqual(['POST /internal', 'POST /internal', 'GET /public']);
  });
});

describe('while closing', () => {
  it('refuses a request that arrives during the drain with the overloaded envelope, and lets the one in flight finish', async () => {
    const service = Fastify(
      serviceFastifyOptions({ logLevel: 'silent', trustRequestId: false, httpTimeouts: DEFAULT_HTTP_TIMEOUTS }),
    );
    useErrorEnvelopes(service, { name: 'test service', toEnvelope: () => undefined });
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    service.get('/slow', async () => {
      started();
      await held;
      return { done: true };
    });
    service.get('/fast', async () => ({ done: true }));
    trackRequests(service.server);
    await service.listen({ port: 0, host: '127.0.0.1' });
    const { port } = service.server.address() as AddressInfo;
    const open = (path: string) => {
      const socket = connect(port, '127.0.0.1');
      const state = { received: '', closed: new Promise((resolve) => socket.on('close', resolve)) };
      socket.on('data', (chunk) => (state.received += chunk.toString()));
      socket.on('error', () => undefined);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      return { socket, state };
    };
    const holding = open('/slow');
    await inFlight;
    const closed = gracefulClose(service.server, () => service.close(), { graceMs: 5000, onTimeout: () => undefined });
    // The same connection sends its next request (HTTP/1.1 pipelining) once the drain has begun.
    holding.socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    finish();
    await Promise.all([holding.state.closed, closed]);
    const [first, second = ''] = holding.state.received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toContain('{"done":true}');
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/retry-after: 1/i);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)) as { error: Record<string, unknown> };
    expect(body.error['code']).toBe('overloaded');
    expect(body.error['message']).toContain('shutting down');
    expect(body.error['requestId']).toMatch(/^req_/);
  });
});
