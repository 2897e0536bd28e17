import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Ext } from '../src/index.js';
import { connected } from './helpers.js';

const BASE = 'https://gateway.test/api/ext/com.example.mock';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
let ext: Ext | undefined;
afterEach(() => {
  ext?.destroy();
  server.resetHandlers();
});

describe('api, direct transport', () => {
  it('calls {gateway}/api/ext/{id}{path} with the bearer token, no cookies, a request id and the deadline', async () => {
    const r = await connected({ callTimeoutMs: 4000 });
    ext = r.ext;
    const fetchSpy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    ext.destroy();
    ext = (await connected({ callTimeoutMs: 4000 }, { fetch: fetchSpy })).ext;
    let seen: Request | undefined;
    server.use(
      http.post(`${BASE}/items`, ({ request }) => {
        seen = request;
        return HttpResponse.json({ id: 7 }, { status: 201 });
      }),
    );
    expect(await ext.api.json('/items?x=1', { json: { name: 'a' } })).toEqual({ id: 7 });
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe(`${BASE}/items?x=1`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit' });
    const token = await ext.auth.getToken();
    expect(seen?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(seen?.headers.get('x-request-id')).toMatch(/^ext-[0-9a-f]{32}$/);
    expect(Number(seen?.headers.get('x-ext-deadline-ms'))).toBeGreaterThan(3000);
    expect(await seen?.clone().json()).toEqual({ name: 'a' });
  });

  it('refuses an unsafe path before any request', async () => {
    const r = await connected();
    ext = r.ext;
    for (const path of ['../admin', '/a/../../b', '/%2e%2e/x', '//evil.test/x', '/a\\b', '/a#frag']) {
      await expect(ext.api.fetch(path)).rejects.toMatchObject({ code: 'path_invalid' });
    }
  });

  it('parses the gateway error envelope into ExtError', async () => {
    const r = await connected();
    ext = r.ext;
    server.use(
      http.get(`${BASE}/busy`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'rate_limited',
              message: 'slow down',
              retriable: true,
              requestId: 'req-9',
              details: { retryAfterMs: 1000 },
            },
          },
          { status: 429 },
        ),
      ),
      http.get(`${BASE}/broken`, () => new HttpResponse('upstream fell over', { status: 502 })),
    );
    await expect(ext.api.fetch('/busy')).rejects.toMatchObject({
      name: 'ExtError',
      code: 'rate_limited',
      status: 429,
      requestId: 'req-9',
      retriable: true,
      details: { retryAfterMs: 1000 },
      message: 'slow down',
    });
    await expect(ext.api.json('/broken')).rejects.toMatchObject({ code: 'bad_gateway', status: 502, retriable: true });
  });

  it('a deadline rejects with timeout, an abort with aborted', async () => {
    const r = await connected({ callTimeoutMs: 60 });
    ext = r.ext;
    server.use(
      http.get(`${BASE}/slow`, async () => {
        await delay(2000);
        return HttpResponse.json({});
      }),
    );
    await expect(ext.api.fetch('/slow')).rejects.toMatchObject({ code: 'timeout', retriable: true }); // context default
    await expect(ext.api.fetch('/slow', { timeoutMs: 30 })).rejects.toMatchObject({ code: 'timeout' }); // per call
    const controller = new AbortController();
    const p = ext.api.fetch('/slow', { signal: controller.signal, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'aborted', status: 499 });
    const already = new AbortController();
    already.abort();
    await expect(ext.api.fetch('/slow', { signal: already.signal })).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('api, bridge transport (the host performs the call)', () => {
  it('carries bodies as bytes (Uint8Array, never base64), and gives the author the same Response', async () => {
    const seen: { body?: Uint8Array; headers: Record<string, string>; method: string; path: string }[] = [];
    const r = await connected({
      apiTransport: 'bridge',
      api: (request) => {
        seen.push({ body: request.body, headers: request.headers, method: request.method, path: request.path });
        return {
          status: 200,
          headers: { 'content-type': 'application/octet-stream' },
          body: new Uint8Array([0, 255, 1, 254]),
          requestId: 'req-b1',
        };
      },
    });
    ext = r.ext;
    const payload = new Uint8Array([9, 8, 7, 0, 255]);
    const response = await ext.api.fetch('/upload', { method: 'PUT', body: payload });
    expect(payload.byteLength).toBe(5); // the author's buffer is not detached (a copy is transferred)
    expect(seen[0]?.body).toBeInstanceOf(Uint8Array);
    expect([...seen[0]!.body!]).toEqual([9, 8, 7, 0, 255]);
    expect(seen[0]).toMatchObject({ method: 'PUT', path: '/upload' });
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(r.host.apiRequests[0]?.body).toBeInstanceOf(Uint8Array);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 255, 1, 254]);
    expect(response.headers.get('x-request-id')).toBe('req-b1');
  });

  it('JSON through the bridge, and the gateway error envelope still becomes ExtError', async () => {
    const r = await connected({
      apiTransport: 'bridge',
      api: (request) =>
        request.path === '/ok'
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hi: 1 }) }
          : {
              status: 404,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                error: { code: 'endpoint_not_found', message: 'no such endpoint', retriable: false },
              }),
              requestId: 'req-404',
            },
    });
    ext = r.ext;
    expect(await ext.api.json('/ok')).toEqual({ hi: 1 });
    await expect(ext.api.json('/nope')).rejects.toMatchObject({
      code: 'endpoint_not_found',
      status: 404,
      requestId: 'req-404',
    });
  });

  it('refuses a body over the context limit before sending it', async () => {
    const r = await connected({ apiTransport: 'bridge', maxApiBodyBytes: 8, api: () => ({}) });
    ext = r.ext;
    await expect(ext.api.fetch('/x', { method: 'POST', body: new Uint8Array(9) })).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    expect(r.host.apiRequests).toEqual([]);
  });

  it('deadline → timeout and abort → aborted, and the host is told to cancel (apiCancel)', async () => {
    const r = await connected({
      apiTransport: 'bridge',
      api: (_request, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')))),
    });
    ext = r.ext;
    await expect(ext.api.fetch('/slow', { timeoutMs: 40 })).rejects.toMatchObject({ code: 'timeout' });
    const controller = new AbortController();
    const p = ext.api.fetch('/slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(r.host.apiCancels).toEqual(r.host.apiRequests.map((q) => q.id));
    expect(r.host.apiCancels).toHaveLength(2);
  });
});
