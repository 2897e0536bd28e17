import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveTheme } from '@extsys/protocol';
import { HostBridgeError } from '../src/index.js';
import { hello, mount, startExtension, TOKEN, tick, until, type Mounted } from './harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.handle.destroy();
  mounted?.iframe.remove();
  mounted = undefined;
  vi.restoreAllMocks();
});

describe('theme and navigation push', () => {
  it('pushes setTheme and navigate to a connected extension, validated', async () => {
    mounted = mount();
    const ext = await startExtension(mounted.iframe, mounted.sent);
    await ext.call('hello', hello(mounted.nonce));
    await mounted.handle.setTheme(resolveTheme('light'));
    await mounted.handle.navigate('/records/9');
    expect(ext.received.map((r) => r.method)).toEqual(['themeChanged', 'navigate']);
    expect(ext.received[0]!.argument.mode).toBe('light');
    expect(ext.received[1]!.argument).toEqual({ path: '/records/9' });
    await expect(mounted.handle.setTheme({ mode: 'light', tokens: {} } as never)).rejects.toBeInstanceOf(
      HostBridgeError,
    );
    await expect(mounted.handle.navigate('../x')).rejects.toMatchObject({ code: 'path_invalid' });
  });

  it('sends the time zone at the hello (default: the host page zone) and pushes setContext, validated', async () => {
    mounted = mount();
    const ext = await startExtension(mounted.iframe, mounted.sent);
    const answer = await ext.call(
      'hello',
      hello(mounted.nonce, { protocol: { min: '1.0', max: '1.1' }, features: ['context'] }),
    );
    expect(answer).toMatchObject({
      ok: true,
      value: { locale: 'en-GB', direction: 'ltr', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    });
    await mounted.handle.setContext({ locale: 'he-IL', direction: 'rtl', timeZone: 'Asia/Jerusalem' });
    expect(ext.received).toEqual([
      { method: 'contextChanged', argument: { locale: 'he-IL', direction: 'rtl', timeZone: 'Asia/Jerusalem' } },
    ]);
    await expect(mounted.handle.setContext({ timeZone: 'Jerusalem time' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('timeZone') as unknown,
    });
    expect(ext.received).toHaveLength(1);
  });

  it('takes the initial time zone from the options and refuses an invalid one at mount', () => {
    expect(() => mount({ timeZone: 'Mars/Olympus Mons' })).toThrow(/timeZone: must be an IANA time zone/);
  });

  it('does not echo a path the extension itself reported (no navigation ping-pong)', async () => {
    const onNavigate = vi.fn((path: string) => void mounted!.handle.navigate(path)); // a router that echoes
    mounted = mount({ onNavigate });
    const ext = await startExtension(mounted.iframe, mounted.sent);
    await ext.call('hello', hello(mounted.nonce));
    await ext.call('navigate', { path: '/records/5' });
    await tick(10);
    expect(onNavigate).toHaveBeenCalledTimes(1);
    expect(ext.received.filter((r) => r.method === 'navigate')).toEqual([]);
  });

  it('does not push what the SDK did not announce', async () => {
    mounted = mount();
    const ext = await startExtension(mounted.iframe, mounted.sent);
    await ext.call('hello', hello(mounted.nonce, { features: ['resize'] }));
    await mounted.handle.setTheme(resolveTheme('light'));
    await mounted.handle.refreshToken();
    expect(ext.received).toEqual([]);
  });

  it('an extension error answer rejects the host call with its code', async () => {
    mounted = mount();
    const ext = await startExtension(mounted.iframe, mounted.sent, {
      answers: {
        themeChanged: () => ({
          ok: false,
          error: { code: 'validation_failed', message: 'nope', retriable: false },
        }),
      },
    });
    await ext.call('hello', hello(mounted.nonce));
    await expect(mounted.handle.setTheme(resolveTheme('light'))).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('reload', () => {
  it('re-handshakes after the page reloads and replays theme, token and path', async () => {
    mounted = mount();
    const { handle, iframe, nonce, sent } = mounted;
    const states: string[] = [];
    handle.on('state', (e) => states.push(e.state));
    const first = await startExtension(iframe, sent);
    await first.call('hello', hello(nonce));
    await first.call('navigate', { path: '/records/77' });
    await handle.setTheme(resolveTheme('high-contrast'));

    first.messenger.vanish(); // the page goes away without a goodbye
    const second = await startExtension(iframe, sent);
    await until(() => handle.state === 'reconnecting');
    expect(await second.call('toast', { message: 'x' })).toMatchObject({ error: { code: 'handshake_failed' } });
    const again = await second.call('hello', hello(nonce));
    expect(again.ok).toBe(true);
    expect(again.value!.initialPath).toBe('/records/77');
    expect(again.value!.theme.mode).toBe('high-contrast');
    expect(again.value!.auth.token).toBe(`${TOKEN}0`);
    expect(handle.state).toBe('connected');
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    // The reloaded page still has to present the nonce.
    const third = await (async () => {
      second.messenger.vanish();
      return startExtension(iframe, sent);
    })();
    expect(await third.call('hello', hello('y'.repeat(21)))).toMatchObject({ error: { code: 'handshake_failed' } });
    expect(handle.state).toBe('reconnecting');
  });

  it('rejects a host call in flight when the page reloads, instead of hanging', async () => {
    mounted = mount();
    const { handle, iframe, nonce, sent } = mounted;
    const first = await startExtension(iframe, sent, { answers: { themeChanged: () => new Promise(() => undefined) } });
    await first.call('hello', hello(nonce));
    const outcome = expect(handle.setTheme(resolveTheme('light'))).rejects.toMatchObject({ code: 'connection_lost' });
    first.messenger.vanish();
    await startExtension(iframe, sent);
    await outcome;
  });

  it('a page that closes its side goes to lost, and a new hello reconnects', async () => {
    mounted = mount();
    const { handle, iframe, nonce, sent } = mounted;
    const first = await startExtension(iframe, sent);
    await first.call('hello', hello(nonce));
    first.destroy(); // penpal DESTROY from the page
    await until(() => handle.state === 'lost');
    const second = await startExtension(iframe, sent);
    expect((await second.call('hello', hello(nonce))).ok).toBe(true);
    expect(handle.state).toBe('connected');
  });
});

describe('timeouts', () => {
  it('rejects ready with handshake_timeout but still accepts a late hello', async () => {
    mounted = mount({ limits: { handshakeTimeoutMs: 30 } });
    await expect(mounted.handle.ready).rejects.toMatchObject({ code: 'handshake_timeout' });
    const ext = await startExtension(mounted.iframe, mounted.sent);
    expect((await ext.call('hello', hello(mounted.nonce))).ok).toBe(true);
    expect(mounted.handle.state).toBe('connected');
  });

  it('a host call the extension never answers rejects with timeout', async () => {
    mounted = mount({ limits: { callTimeoutMs: 50 } });
    const ext = await startExtension(mounted.iframe, mounted.sent, {
      answers: { navigate: () => new Promise(() => undefined) },
    });
    await ext.call('hello', hello(mounted.nonce));
    await expect(mounted.handle.navigate('/x')).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('destroy', () => {
  it('tells the extension, rejects everything in flight and leaves no listener, timer or frame callback', async () => {
    const addWindow = vi.spyOn(window, 'addEventListener');
    const removeWindow = vi.spyOn(window, 'removeEventListener');
    const addPort = vi.spyOn(MessagePort.prototype, 'addEventListener');
    const removePort = vi.spyOn(MessagePort.prototype, 'removeEventListener');
    const cancelFrame = vi.spyOn(window, 'cancelAnimationFrame');
    let resolveToken!: (grant: { token: string; ttlMs: number }) => void;
    let calls = 0;
    const getToken = vi.fn(() => {
      calls++;
      if (calls === 1) return Promise.resolve({ token: `${TOKEN}0`, ttlMs: 1200 });
      return new Promise<{ token: string; ttlMs: number }>((resolve) => (resolveToken = resolve));
    });
    mounted = mount({ getToken });
    const { handle, iframe, nonce, sent } = mounted;
    const ext = await startExtension(iframe, sent, { answers: { themeChanged: () => new Promise(() => undefined) } });
    await ext.call('hello', hello(nonce));
    await ext.call('resize', { height: 500 }); // leaves a frame callback pending
    const theme = handle.setTheme(resolveTheme('light'));
    const token = handle.refreshToken();
    await tick(5);
    const states: string[] = [];
    handle.on('state', (e) => states.push(e.state));

    handle.destroy();
    await expect(theme).rejects.toMatchObject({ code: 'connection_destroyed' });
    await expect(token).rejects.toMatchObject({ code: 'connection_destroyed' });
    expect(handle.state).toBe('destroyed');
    expect(states).toEqual(['destroyed']);
    await until(() => ext.received.some((r) => r.method === 'connectionState'));
    expect(ext.received.find((r) => r.method === 'connectionState')!.argument).toEqual({ state: 'destroyed' });
    expect(cancelFrame).toHaveBeenCalled();

    // Every window and port listener the bridge added is removed.
    const added = addWindow.mock.calls.filter(([type]) => type === 'message').map(([, fn]) => fn);
    const removed = removeWindow.mock.calls.filter(([type]) => type === 'message').map(([, fn]) => fn);
    expect(added.length).toBeGreaterThanOrEqual(2); // ours + penpal's
    for (const fn of added) expect(removed).toContain(fn);
    const hostPortAdds = addPort.mock.calls
      .map(([type, fn], i) => ({ type, fn, port: addPort.mock.contexts[i] }))
      .filter(({ type, fn }) => type === 'message' && !(fn as { fakeExtension?: boolean }).fakeExtension);
    expect(hostPortAdds.length).toBeGreaterThan(0);
    for (const { fn, port } of hostPortAdds) {
      expect(
        removePort.mock.calls.some(([t, f], j) => t === 'message' && f === fn && removePort.mock.contexts[j] === port),
      ).toBe(true);
    }

    // No timer fires into a destroyed bridge: the refresh timer (at 70 % of 1.2 s) is cleared.
    resolveToken({ token: `${TOKEN}9`, ttlMs: 1200 });
    const tokenCalls = getToken.mock.calls.length;
    await tick(1300);
    expect(getToken.mock.calls.length).toBe(tokenCalls);
    expect(ext.received.filter((r) => r.method === 'tokenChanged')).toHaveLength(0);
    // Calls after destroy are refused, not thrown; destroy is idempotent.
    expect(() => handle.destroy()).not.toThrow();
    await expect(handle.navigate('/a')).rejects.toMatchObject({ code: 'connection_destroyed' });
  });

  it('rejects ready with connection_destroyed when destroyed before the hello', async () => {
    mounted = mount();
    mounted.handle.destroy();
    await expect(mounted.handle.ready).rejects.toMatchObject({ code: 'connection_destroyed' });
  });
});
