import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostBridgeError, checkLink } from '../src/index.js';
import { hello, mount, startExtension, TOKEN, until, type Mounted } from './harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.handle.destroy();
  mounted?.iframe.remove();
  mounted = undefined;
  vi.restoreAllMocks();
});

async function connected(overrides: Parameters<typeof mount>[0] = {}) {
  mounted = mount(overrides);
  const ext = await startExtension(mounted.iframe, mounted.sent);
  const result = await ext.call('hello', hello(mounted.nonce));
  expect(result.ok).toBe(true);
  return { ext, context: result.value, ...mounted };
}

describe('host features', () => {
  it('grants only what the host grants, the manifest asks for and a service backs', async () => {
    const { context, logger } = await connected({
      hostFeatures: ['toast', 'confirm', 'setTitle', 'navigate', 'openLink'],
      services: { toast: vi.fn() }, // no confirm or setTitle service
      extension: {
        id: 'com.acme.hello',
        installId: 'i1',
        version: '1.0.0',
        contentHash: `sha256:${'ab'.repeat(32)}`,
        title: 'Hello',
        ui: { type: 'iframe', entry: 'ui/index.html', hostFeatures: ['toast', 'confirm', 'navigate', 'setTitle'] },
      },
    });
    expect(context!.hostFeatures).toEqual(['toast', 'navigate']);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/"confirm" is granted but no service/));
  });

  it('without the manifest ui, the host grant stands alone', async () => {
    const { context } = await connected({
      hostFeatures: ['toast'],
      extension: {
        id: 'com.acme.hello',
        installId: 'i1',
        version: '1.0.0',
        contentHash: `sha256:${'ab'.repeat(32)}`,
        title: 'Hello',
      },
    });
    expect(context!.hostFeatures).toEqual(['toast']);
  });

  it('serves a granted feature and answers feature_not_granted otherwise', async () => {
    const toast = vi.fn();
    const setTitle = vi.fn();
    const { ext } = await connected({ services: { toast, setTitle }, hostFeatures: ['toast'] });
    expect(await ext.call('toast', { message: 'Saved', tone: 'success' })).toEqual({ ok: true, value: null });
    expect(toast).toHaveBeenCalledWith({ message: 'Saved', tone: 'success', extensionId: 'com.acme.hello' });
    const refused = await ext.call('setTitle', { title: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'feature_not_granted', status: 403 } });
    expect(setTitle).not.toHaveBeenCalled();
    expect(await ext.call('confirm', { title: 'a', message: 'b' })).toMatchObject({
      error: { code: 'feature_not_granted' },
    });
  });

  it('serves confirm with the answer of the host dialog', async () => {
    const confirm = vi.fn(() => Promise.resolve({ confirmed: true }));
    const { ext } = await connected({ services: { toast: vi.fn(), confirm }, hostFeatures: ['confirm'] });
    expect(await ext.call('confirm', { title: 'Delete?', message: 'Really', tone: 'danger' })).toEqual({
      ok: true,
      value: { confirmed: true },
    });
  });

  it('a host service that throws becomes an internal error answer, not a host exception', async () => {
    const { ext, logger } = await connected({
      services: {
        toast: () => {
          throw new Error('secret internals');
        },
      },
    });
    const result = await ext.call('toast', { message: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(result.error!.message).not.toContain('secret internals');
    expect(logger.error).toHaveBeenCalled();
  });

  it('navigate: updates the path, calls onNavigate and emits', async () => {
    const onNavigate = vi.fn();
    const { ext, handle } = await connected({ onNavigate });
    const events: unknown[] = [];
    handle.on('navigate', (e) => events.push(e));
    expect(await ext.call('navigate', { path: '/records/7', replace: true })).toEqual({ ok: true, value: null });
    expect(onNavigate).toHaveBeenCalledWith('/records/7', { replace: true });
    expect(events).toEqual([{ path: '/records/7', replace: true }]);
  });

  it('openLink: opens allow-listed http(s) links with noopener, refuses the rest', async () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    const { ext } = await connected({
      hostFeatures: ['openLink'],
      linkAllowlist: ['https://docs.acme.com', 'https://*.acme.dev', /^https:\/\/example\.org\/help\//],
      extension: {
        id: 'com.acme.hello',
        installId: 'i1',
        version: '1.0.0',
        contentHash: `sha256:${'ab'.repeat(32)}`,
        title: 'Hello',
        ui: { type: 'iframe', entry: 'ui/index.html', hostFeatures: ['openLink'] },
      },
    });
    expect(await ext.call('openLink', { url: 'https://docs.acme.com/start' })).toEqual({ ok: true, value: null });
    expect(open).toHaveBeenCalledWith('https://docs.acme.com/start', '_blank', 'noopener,noreferrer');
    expect((await ext.call('openLink', { url: 'https://evil.com/' })).error!.code).toBe('link_not_allowed');
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('checkLink', () => {
  const list = ['https://docs.acme.com', 'https://*.acme.dev', /^https:\/\/example\.org\/help\//];
  it.each([
    ['https://docs.acme.com/a?b', true],
    ['https://eu.acme.dev/x', true],
    ['https://example.org/help/1', true],
    ['http://docs.acme.com/', false],
    ['https://docs.acme.com.evil.com/', false],
    ['https://acme.dev/', false],
    ['https://evil.com/?https://docs.acme.com', false],
    ['https://example.org/other', false],
    ['javascript:alert(1)', false],
    ['https://u:p@docs.acme.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    if (allowed) expect(checkLink(url, list).href).toBe(new URL(url).href);
    else expect(() => checkLink(url, list)).toThrow(HostBridgeError);
  });
});

describe('bridge API transport', () => {
  function fakeFetch(respond: (url: string, init: RequestInit) => Promise<Response>) {
    return vi.fn((input: RequestInfo | URL, init?: RequestInit) => respond(String(input as string), init ?? {}));
  }

  it('performs the call with the bearer token, no cookies, and returns status, headers and bytes', async () => {
    const fetch = fakeFetch(() =>
      Promise.resolve(
        new Response(new Uint8Array([1, 2, 3]), {
          status: 201,
          headers: { 'content-type': 'application/octet-stream', 'x-request-id': 'req-1', 'set-cookie': 'a=b' },
        }),
      ),
    );
    const { ext } = await connected({ fetch });
    const result = await ext.call('apiRequest', {
      id: 'call-1',
      method: 'POST',
      path: '/items/42?view=full',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged', cookie: 'x=y' },
      body: new TextEncoder().encode('{"a":1}'),
      timeoutMs: 5000,
    });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.value!.status).toBe(201);
    expect(Array.from(result.value!.body)).toEqual([1, 2, 3]);
    expect(result.value!.requestId).toBe('req-1');
    expect(result.value!.headers['set-cookie']).toBeUndefined();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://host.example.com/api/ext/com.acme.hello/items/42?view=full');
    const headers = init!.headers as Headers;
    expect(headers.get('authorization')).toBe(`Bearer ${TOKEN}0`);
    expect(headers.get('cookie')).toBeNull();
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'error' });
  });

  it('refuses the bridge transport when the host chose direct', async () => {
    const fetch = fakeFetch(() => Promise.resolve(new Response('')));
    const { ext } = await connected({ fetch, gateway: { baseUrl: 'https://host.example.com', transport: 'direct' } });
    const result = await ext.call('apiRequest', { id: 'c', method: 'GET', path: '/x', headers: {}, timeoutMs: 100 });
    expect(result).toMatchObject({ ok: false, error: { code: 'feature_not_granted' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('rejects a path that climbs out of the extension prefix before any fetch', async () => {
    const fetch = fakeFetch(() => Promise.resolve(new Response('')));
    const { ext } = await connected({ fetch });
    const result = await ext.call('apiRequest', {
      id: 'c',
      method: 'GET',
      path: '/../../admin',
      headers: {},
      timeoutMs: 100,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'message_rejected' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('aborts at the deadline with timeout and on apiCancel with aborted', async () => {
    const fetch = fakeFetch(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const { ext } = await connected({ fetch });
    const slow = await ext.call('apiRequest', { id: 'c1', method: 'GET', path: '/slow', headers: {}, timeoutMs: 30 });
    expect(slow).toMatchObject({ ok: false, error: { code: 'timeout', retriable: true } });
    const pending = ext.call('apiRequest', { id: 'c2', method: 'GET', path: '/slow', headers: {}, timeoutMs: 10_000 });
    await until(() => fetch.mock.calls.length === 2);
    expect(await ext.call('apiCancel', { id: 'c2' })).toEqual({ ok: true, value: null });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'aborted' } });
  });

  it('maps an unreachable gateway to bad_gateway and a too-large response to response_too_large', async () => {
    let mode = 'down';
    const fetch = fakeFetch(() =>
      mode === 'down'
        ? Promise.reject(new TypeError('fetch failed'))
        : Promise.resolve(new Response(new Uint8Array(2048))),
    );
    const { ext } = await connected({ fetch, limits: { maxApiBodyBytes: 1024 } });
    expect(
      (await ext.call('apiRequest', { id: 'a', method: 'GET', path: '/x', headers: {}, timeoutMs: 100 })).error!.code,
    ).toBe('bad_gateway');
    mode = 'big';
    expect(
      (await ext.call('apiRequest', { id: 'b', method: 'GET', path: '/x', headers: {}, timeoutMs: 100 })).error!.code,
    ).toBe('response_too_large');
  });

  it('stops reading a streamed response as soon as it passes the cap', async () => {
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(600));
      },
      cancel() {
        cancelled = true;
      },
    });
    const fetch = fakeFetch(() => Promise.resolve(new Response(stream)));
    const { ext } = await connected({ fetch, limits: { maxApiBodyBytes: 1024 } });
    const result = await ext.call('apiRequest', {
      id: 's',
      method: 'GET',
      path: '/stream',
      headers: {},
      timeoutMs: 1000,
    });
    expect(result.error!.code).toBe('response_too_large');
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(5);
  });
});
