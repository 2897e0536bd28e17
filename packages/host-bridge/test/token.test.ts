import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIN_FORCED_REFRESH_INTERVAL_MS } from '../src/token-refresh.js';
import { hello, mount, startExtension, TOKEN, until, type Mounted } from './harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  mounted?.handle.destroy();
  mounted?.iframe.remove();
  mounted = undefined;
});

/** A mounted, connected bridge whose token clock (Date.now) moves only by `clock.advance(ms)`. */
async function connectedOnHandClock() {
  const bridge = mount();
  mounted = bridge;
  const ext = await startExtension(bridge.iframe, bridge.sent);
  let at = Date.now();
  vi.spyOn(Date, 'now').mockImplementation(() => at);
  await ext.call('hello', hello(bridge.nonce));
  return { ext, bridge, clock: { advance: (ms: number) => void (at += ms) } };
}

describe('tokens', () => {
  it('pushes a fresh token with tokenChanged at ~70% of its lifetime, again and again', async () => {
    let n = 0;
    const getToken = vi.fn(() => Promise.resolve({ token: `${TOKEN}${n++}`, ttlMs: 1500 }));
    mounted = mount({ getToken });
    const ext = await startExtension(mounted.iframe, mounted.sent);
    const started = Date.now();
    const result = await ext.call('hello', hello(mounted.nonce));
    expect(result.value!.auth).toMatchObject({ token: `${TOKEN}0` });
    await until(() => ext.received.some((r) => r.method === 'tokenChanged'), 3000);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1000); // 70 % of 1.5 s = 1.05 s
    expect(elapsed).toBeLessThan(1500); // before expiry
    const pushed = ext.received.find((r) => r.method === 'tokenChanged')!.argument;
    expect(pushed.token).toBe(`${TOKEN}1`);
    expect(pushed.ttlMs).toBeGreaterThan(1400);
    await until(() => ext.received.filter((r) => r.method === 'tokenChanged').length === 2, 3000);
  }, 10_000);

  it('answers requestToken: the held token while fresh, a new one when unauthorized or forced', async () => {
    const { ext, bridge, clock } = await connectedOnHandClock();
    expect(await ext.call('requestToken', { reason: 'expiring' })).toMatchObject({
      ok: true,
      value: { token: `${TOKEN}0` },
    });
    expect(bridge.getToken).toHaveBeenCalledTimes(1);
    clock.advance(MIN_FORCED_REFRESH_INTERVAL_MS);
    expect(await ext.call('requestToken', { reason: 'unauthorized' })).toMatchObject({
      ok: true,
      value: { token: `${TOKEN}1` },
    });
    clock.advance(MIN_FORCED_REFRESH_INTERVAL_MS);
    expect(await ext.call('requestToken', { reason: 'forced' })).toMatchObject({
      ok: true,
      value: { token: `${TOKEN}2` },
    });
    // A minimum lifetime the held token cannot meet forces a new one.
    expect(await ext.call('requestToken', { reason: 'expiring', minTtlMs: 3_600_000 })).toMatchObject({
      ok: true,
      value: { token: `${TOKEN}3` },
    });
  });

  it("mints at most one token per interval for the extension's forced requests (a page cannot loop the host)", async () => {
    const { ext, bridge, clock } = await connectedOnHandClock();
    clock.advance(MIN_FORCED_REFRESH_INTERVAL_MS);
    const answers = [];
    for (let i = 0; i < 20; i++) {
      answers.push(await ext.call('requestToken', { reason: i % 2 ? 'forced' : 'unauthorized' }));
    }
    // One new token for all twenty, each answer a valid grant (nothing refused or lost).
    expect(bridge.getToken).toHaveBeenCalledTimes(2);
    expect(new Set(answers.map((a) => (a.value as { token: string }).token))).toEqual(new Set([`${TOKEN}1`]));
    // A request that needs more lifetime than the recent token has still gets a new one.
    expect(await ext.call('requestToken', { reason: 'forced', minTtlMs: 3_600_000 })).toMatchObject({
      value: { token: `${TOKEN}2` },
    });
    clock.advance(MIN_FORCED_REFRESH_INTERVAL_MS - 1);
    expect(await ext.call('requestToken', { reason: 'forced' })).toMatchObject({ value: { token: `${TOKEN}2` } });
    clock.advance(1);
    expect(await ext.call('requestToken', { reason: 'forced' })).toMatchObject({ value: { token: `${TOKEN}3` } });
    // The host's own refreshToken() is never throttled.
    await bridge.handle.refreshToken();
    expect(bridge.getToken).toHaveBeenCalledTimes(5);
  });

  it('refreshToken() fetches and pushes a new token', async () => {
    mounted = mount();
    const ext = await startExtension(mounted.iframe, mounted.sent);
    await ext.call('hello', hello(mounted.nonce));
    await mounted.handle.refreshToken();
    expect(ext.received.filter((r) => r.method === 'tokenChanged').map((r) => r.argument.token)).toEqual([`${TOKEN}1`]);
  });

  it('turns a failing getToken into a retriable error answer, never a hang or a throw', async () => {
    const getToken = vi.fn(() => Promise.reject(new Error('session expired')));
    mounted = mount({ getToken });
    const errors: { code: string }[] = [];
    mounted.handle.on('error', (e) => errors.push(e));
    const ext = await startExtension(mounted.iframe, mounted.sent);
    const result = await ext.call('hello', hello(mounted.nonce));
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated', retriable: true } });
    expect(errors[0]).toMatchObject({ code: 'unauthenticated' });
    expect(mounted.handle.state).toBe('connecting');
  });

  it('refuses a getToken result that is not {token, ttlMs}', async () => {
    mounted = mount({ getToken: () => Promise.resolve({ token: 'short', expiresAt: Date.now() } as never) });
    const ext = await startExtension(mounted.iframe, mounted.sent);
    const result = await ext.call('hello', hello(mounted.nonce));
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it("takes a token route's answer as is: {token, expiresAt, ttlMs} from @extsys/host-server's mint()", async () => {
    const minted = { token: `${TOKEN}m`, expiresAt: Math.floor(Date.now() / 1000) + 300, ttlMs: 300_000 };
    mounted = mount({ getToken: () => Promise.resolve(minted as never) });
    const ext = await startExtension(mounted.iframe, mounted.sent);
    const result = await ext.call('hello', hello(mounted.nonce));
    expect(result.value!.auth).toEqual({ token: `${TOKEN}m`, ttlMs: 300_000 });
  });
});
