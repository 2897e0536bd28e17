import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Ext } from '../src/index.js';
import { connected } from './helpers.js';

const GATEWAY = 'https://gateway.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
let ext: Ext | undefined;
afterEach(() => {
  ext?.destroy();
  server.resetHandlers();
  vi.useRealTimers();
});

describe('auth.getToken', () => {
  it('returns the context token without a round trip while it is fresh enough', async () => {
    const r = await connected({ tokenTtlMs: 60_000 });
    ext = r.ext;
    expect(await ext.auth.getToken()).toBe(r.host.currentToken);
    expect(r.host.tokenRequests).toEqual([]);
  });

  it('asks the host before expiry (minTtlMs), and concurrent callers share one request', async () => {
    const r = await connected({ tokenTtlMs: 20_000, latencyMs: 20 });
    ext = r.ext;
    const first = r.host.currentToken;
    const tokens = await Promise.all([
      ext.auth.getToken({ minTtlMs: 30_000 }),
      ext.auth.getToken({ minTtlMs: 30_000 }),
      ext.auth.getToken({ minTtlMs: 30_000 }),
    ]);
    expect(r.host.tokenRequests).toEqual([{ reason: 'expiring', minTtlMs: 30_000 }]);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first);
    expect(tokens[0]).toBe(r.host.currentToken);
  });

  it('forceRefresh always asks the host', async () => {
    const r = await connected();
    ext = r.ext;
    await ext.auth.getToken({ forceRefresh: true });
    expect(r.host.tokenRequests).toEqual([{ reason: 'forced' }]);
  });

  it('computes expiry from ttlMs at receipt: a skewed or jumping wall clock changes nothing', async () => {
    const r = await connected({ tokenTtlMs: 60_000 });
    ext = r.ext;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2099-01-01T00:00:00Z')); // the iframe's wall clock is years off
    expect(await ext.auth.getToken()).toBe(r.host.currentToken);
    expect(r.host.tokenRequests).toEqual([]);
    expect(ext.auth.peek()?.expiresInMs).toBeGreaterThan(50_000);
  });

  it('takes pushed tokens (tokenChanged) and tells listeners', async () => {
    const r = await connected();
    ext = r.ext;
    const seen: string[] = [];
    ext.auth.on('change', (info) => seen.push(info.token));
    await r.host.pushToken(120_000);
    expect(seen).toEqual([r.host.currentToken]);
    expect(await ext.auth.getToken()).toBe(r.host.currentToken);
  });

  it('is kept in memory only (never in storage)', async () => {
    const r = await connected();
    ext = r.ext;
    const token = await ext.auth.getToken();
    expect(JSON.stringify({ ...localStorage })).not.toContain(token);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(token);
    expect(document.cookie).not.toContain(token);
  });
});

describe('401 → one forced refresh → one retry (msw plays the gateway)', () => {
  const seenTokens: string[] = [];
  const gatewayFor = (isValid: (token: string | null | undefined) => boolean) =>
    http.get(`${GATEWAY}/api/ext/com.example.mock/items`, ({ request }) => {
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
      seenTokens.push(token ?? '');
      if (!isValid(token)) {
        return HttpResponse.json(
          { error: { code: 'token_expired', message: 'token expired', retriable: true, requestId: 'req-401' } },
          { status: 401 },
        );
      }
      return HttpResponse.json({ items: [1, 2] }, { headers: { 'x-request-id': 'req-200' } });
    });

  it.each(['direct', 'bridge'] as const)('%s transport: refreshes the token and retries once', async (apiTransport) => {
    seenTokens.length = 0;
    const r = await connected({ apiTransport });
    ext = r.ext;
    server.use(gatewayFor((t) => r.host.isTokenValid(t)));
    const stale = r.host.currentToken;
    r.host.expireToken(); // the gateway stops accepting it; nobody tells the SDK
    expect(await ext.api.json('/items')).toEqual({ items: [1, 2] });
    expect(r.host.tokenRequests).toEqual([{ reason: 'unauthorized' }]);
    expect(seenTokens).toHaveLength(2);
    if (apiTransport === 'direct') expect(seenTokens[0]).toBe(stale);
    expect(seenTokens[1]).toBe(r.host.currentToken);
  });

  it('a second 401 is not retried again: ExtError with the gateway code, status and request id', async () => {
    seenTokens.length = 0;
    const r = await connected();
    ext = r.ext;
    server.use(gatewayFor(() => false));
    await expect(ext.api.json('/items')).rejects.toMatchObject({
      name: 'ExtError',
      code: 'token_expired',
      status: 401,
      requestId: 'req-401',
      retriable: true,
    });
    expect(seenTokens).toHaveLength(2);
    expect(r.host.tokenRequests).toHaveLength(1);
  });
});
