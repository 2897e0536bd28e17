// The host page's view-state store: the bridge's keys mapped onto the gateway's routes (#15).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { viewStateStore } from '../host-app/src/view-state-store.js';

const calls: { url: string; method: string; body: unknown }[] = [];
function answer(status: number, json: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(init.body as string) : undefined });
      return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
}
afterEach(() => {
  calls.length = 0;
  vi.unstubAllGlobals();
});

const key = { extensionId: 'com.example.records', installId: 'inst_1', entryPoint: 'main' };

describe('viewStateStore', () => {
  it('reads by install, entry point and route (the user is the session’s), null as undefined', async () => {
    answer(200, { state: { version: 1, value: { a: 1 } } });
    expect(await viewStateStore.get({ ...key, route: '/records/1' })).toEqual({ version: 1, value: { a: 1 } });
    answer(200, { state: null });
    expect(await viewStateStore.get(key)).toBeUndefined();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/host/view-state?installId=inst_1&entryPoint=main&route=%2Frecords%2F1',
      'GET /api/host/view-state?installId=inst_1&entryPoint=main',
    ]);
  });

  it('writes and clears with a JSON PUT', async () => {
    answer(200, { state: null });
    await viewStateStore.set(key, { version: 2, value: 'x' });
    await viewStateStore.set({ ...key, route: '/r' }, null);
    expect(calls).toEqual([
      {
        url: '/api/host/view-state',
        method: 'PUT',
        body: { installId: 'inst_1', entryPoint: 'main', state: { version: 2, value: 'x' } },
      },
      {
        url: '/api/host/view-state',
        method: 'PUT',
        body: { installId: 'inst_1', entryPoint: 'main', route: '/r', state: null },
      },
    ]);
  });

  it('rejects with the gateway’s code on a refusal', async () => {
    answer(413, { error: { code: 'payload_too_large', message: 'too big' } });
    await expect(viewStateStore.set(key, { version: 1, value: 'x' })).rejects.toMatchObject({
      code: 'payload_too_large',
      status: 413,
    });
  });
});
