// The host session alone, without penpal or an iframe: calls go in through `call()`, what the
// host sends to the extension comes out through `invoke`.
import { describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, resolveTheme, type ExtensionMethodName, type TokenGrant } from '@extsys/protocol';
import { createTokenManager } from '../src/token-refresh.js';
import { createRejections } from '../src/session/rejections.js';
import { createHostSession, type HostSessionOptions } from '../src/session/host-session.js';
import type { HostEffects } from '../src/session/method-dispatch.js';
import { hello, sessionTemplate, silentLogger, TOKEN } from './harness.js';

const NONCE = 'n'.repeat(22);

function effects() {
  return {
    navigate: vi.fn<HostEffects['navigate']>(),
    resize: vi.fn<HostEffects['resize']>(),
    toast: vi.fn<HostEffects['toast']>(),
    confirm: vi.fn<HostEffects['confirm']>(() => ({ confirmed: true })),
    openLink: vi.fn<HostEffects['openLink']>(),
    setTitle: vi.fn<HostEffects['setTitle']>(),
    apiRequest: vi.fn<HostEffects['apiRequest']>(),
    apiCancel: vi.fn<HostEffects['apiCancel']>(),
  } satisfies HostEffects;
}

function session(overrides: Partial<HostSessionOptions> = {}) {
  const logger = silentLogger();
  const events: { type: string; payload: unknown }[] = [];
  const sent: { method: ExtensionMethodName; params: unknown }[] = [];
  const rejections = createRejections({ logger, tag: 'test', emit: () => undefined });
  let n = 0;
  const getToken = vi.fn(() => ({ token: `${TOKEN}${n++}`, ttlMs: 600_000 }));
  const tokens = createTokenManager({ getToken, onError: () => undefined });
  const fx = effects();
  const s = createHostSession({
    nonce: NONCE,
    template: sessionTemplate({ gateway: { baseUrl: 'https://host.example.com', transport: 'bridge' } }),
    theme: resolveTheme('dark'),
    fields: { locale: 'en-GB', direction: 'ltr', timeZone: 'Europe/London' },
    initialPath: '/start',
    tokens,
    effects: fx,
    invoke: (method, params) => {
      sent.push({ method, params });
      return Promise.resolve({ ok: true, value: null });
    },
    emit: (type, payload) => events.push({ type, payload }),
    reject: (reason, message, method) => rejections.reject(reason, message, method),
    logger,
    tag: 'test',
    ...overrides,
  });
  return { s, fx, sent, events, rejections, getToken, logger };
}

describe('host session (no transport)', () => {
  it('refuses a hello with the wrong nonce, counts it and asks for no token', async () => {
    const { s, rejections, getToken } = session();
    const { result } = await s.call('hello', hello('x'.repeat(22)));
    expect(result).toMatchObject({ ok: false, error: { code: 'handshake_failed' } });
    expect(rejections.stats.byReason['wrong-nonce']).toBe(1);
    expect(getToken).not.toHaveBeenCalled();
    expect(s.state).toBe('connecting');
    expect(s.accepted).toBe(false);
  });

  it('negotiates the version: the highest shared minor, or protocol_incompatible and failed', async () => {
    const first = session();
    const { result } = await first.s.call('hello', hello(NONCE, { protocol: { min: '1.0', max: '1.9' } }));
    expect(result).toMatchObject({ ok: true, value: { protocol: PROTOCOL_VERSION, initialPath: '/start' } });
    await expect(first.s.ready).resolves.toMatchObject({ protocol: PROTOCOL_VERSION, reconnected: false });

    const second = session({ protocol: { min: '2.0', max: '2.1' } });
    const refused = await second.s.call('hello', hello(NONCE));
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'protocol_incompatible' } });
    expect(second.s.state).toBe('failed');
    await expect(second.s.ready).rejects.toMatchObject({ code: 'protocol_incompatible' });
  });

  it('answers calls before the hello with handshake_failed, counted', async () => {
    const { s, rejections, fx } = session();
    expect((await s.call('toast', { message: 'hi' })).result).toMatchObject({
      ok: false,
      error: { code: 'handshake_failed' },
    });
    expect(rejections.stats.byReason['before-hello']).toBe(1);
    expect(fx.toast).not.toHaveBeenCalled();
  });

  it('refuses a call for a feature that was not granted, and serves a granted one', async () => {
    const { s, fx } = session();
    await s.call('hello', hello(NONCE));
    expect((await s.call('setTitle', { title: 'x' })).result).toMatchObject({
      ok: false,
      error: { code: 'feature_not_granted' },
    });
    expect(fx.setTitle).not.toHaveBeenCalled();
    expect((await s.call('toast', { message: 'hi' })).result).toEqual({ ok: true, value: null });
    expect(fx.toast).toHaveBeenCalledWith({ message: 'hi', tone: 'info' });
  });

  it('answers a token re-request: the held token when only expiring, a new one when forced', async () => {
    const { s, getToken } = session();
    const helloAnswer = await s.call('hello', hello(NONCE));
    const first = (helloAnswer.result as { value: { auth: TokenGrant } }).value.auth.token;
    const expiring = await s.call('requestToken', { reason: 'expiring' });
    expect(expiring.result).toMatchObject({ ok: true, value: { token: first } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10_000); // past the forced-refresh throttle
      const forced = await s.call('requestToken', { reason: 'forced' });
      expect(forced.result).toMatchObject({ ok: true, value: { token: `${TOKEN}1` } });
    } finally {
      vi.useRealTimers();
    }
    expect(getToken).toHaveBeenCalledTimes(2);
    s.destroy();
  });

  it('replays theme and path on a second hello after a restart, and pushes nothing while down', async () => {
    const { s, sent, events } = session();
    await s.call('hello', hello(NONCE));
    await s.call('navigate', { path: '/moved' }); // not granted: refused, the path stays
    expect(s.replay.path).toBe('/start');
    await s.navigate('/records/7');
    await s.setTheme(resolveTheme('light'));
    expect(sent.map((m) => m.method)).toEqual(['navigate', 'themeChanged']);

    s.restart('the page reloaded');
    expect(s.state).toBe('reconnecting');
    await s.setTheme(resolveTheme('high-contrast')); // kept for the replay, not pushed
    expect(sent).toHaveLength(2);
    expect((await s.call('toast', { message: 'x' })).result).toMatchObject({ error: { code: 'handshake_failed' } });

    const again = await s.call('hello', hello(NONCE));
    expect(again.result).toMatchObject({
      ok: true,
      value: { initialPath: '/records/7', theme: { mode: 'high-contrast' } },
    });
    expect(events.filter((e) => e.type === 'state').map((e) => (e.payload as { state: string }).state)).toEqual([
      'connected',
      'reconnecting',
      'connected',
    ]);
    expect(events.filter((e) => e.type === 'connected').map((e) => e.payload)).toMatchObject([
      { reconnected: false },
      { reconnected: true },
    ]);
    s.destroy();
    expect(s.state).toBe('destroyed');
    expect((await s.call('toast', { message: 'x' })).result).toMatchObject({
      error: { code: 'connection_destroyed' },
    });
  });

  describe('context (locale, direction, time zone)', () => {
    const current = (overrides: Record<string, unknown> = {}) =>
      hello(NONCE, {
        protocol: { min: '1.0', max: '1.1' },
        features: ['theme', 'token', 'navigate', 'context'],
        ...overrides,
      });

    it('sends the time zone at the hello, pushes only what changed, and replays it on a re-hello', async () => {
      const { s, sent } = session();
      const first = await s.call('hello', current());
      expect(first.result).toMatchObject({
        ok: true,
        value: { protocol: '1.1', locale: 'en-GB', direction: 'ltr', timeZone: 'Europe/London' },
      });

      await s.setContext({ locale: 'ar-EG', direction: 'rtl', timeZone: 'Europe/London' });
      await s.setContext({ locale: 'ar-EG' }); // nothing changed: nothing sent
      expect(sent).toEqual([{ method: 'contextChanged', params: { locale: 'ar-EG', direction: 'rtl' } }]);
      expect(s.context).toMatchObject({ locale: 'ar-EG', direction: 'rtl', timeZone: 'Europe/London' });

      s.restart('the page reloaded');
      await s.setContext({ timeZone: 'Africa/Cairo' }); // kept for the replay, not pushed
      expect(sent).toHaveLength(1);
      const again = await s.call('hello', current());
      expect(again.result).toMatchObject({
        ok: true,
        value: { locale: 'ar-EG', direction: 'rtl', timeZone: 'Africa/Cairo' },
      });
    });

    it('refuses an invalid change with validation_failed naming the field, and keeps nothing', async () => {
      const { s, sent } = session();
      await s.call('hello', current());
      await expect(s.setContext({ locale: 'fr-FR', timeZone: 'Paris time' })).rejects.toMatchObject({
        name: 'HostBridgeError',
        code: 'validation_failed',
        message: expect.stringMatching(/timeZone: must be an IANA time zone/) as unknown,
      });
      await expect(s.setContext({ displayMode: 'fullscreen' } as never)).rejects.toMatchObject({
        code: 'validation_failed',
        message: expect.stringMatching(/displayMode/) as unknown,
      });
      expect(sent).toEqual([]);
      expect(s.replay.fields).toEqual({ locale: 'en-GB', direction: 'ltr', timeZone: 'Europe/London' });
      s.destroy();
      await expect(s.setContext({ locale: 'fr-FR' })).rejects.toMatchObject({ code: 'connection_destroyed' });
    });

    it('sends an older SDK neither the time zone nor the push, but replays locale and direction', async () => {
      const { s, sent } = session();
      const first = await s.call('hello', hello(NONCE)); // protocol 1.0, no `context` feature
      expect(first.result).toMatchObject({ ok: true, value: { protocol: '1.0', locale: 'en-GB' } });
      expect((first.result as { value: object }).value).not.toHaveProperty('timeZone');

      await s.setContext({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
      expect(sent).toEqual([]);
      expect(s.context).not.toHaveProperty('timeZone');

      s.restart('the page reloaded');
      const again = await s.call('hello', hello(NONCE));
      expect((again.result as { value: object }).value).toMatchObject({ locale: 'de-DE' });
      expect((again.result as { value: object }).value).not.toHaveProperty('timeZone');
    });

    it('does not push to a 1.1 SDK that did not announce the context feature', async () => {
      const { s, sent } = session();
      await s.call('hello', current({ features: ['theme'] }));
      await s.setContext({ timeZone: 'Asia/Tokyo' });
      expect(sent).toEqual([]);
      expect(s.context).toMatchObject({ timeZone: 'Asia/Tokyo' });
    });
  });

  it('an unknown method is refused and counted, never dispatched', async () => {
    const { s, rejections } = session();
    await s.call('hello', hello(NONCE));
    expect((await s.call('toString', {})).result).toMatchObject({ ok: false, error: { code: 'message_rejected' } });
    expect(rejections.stats.byReason['unknown-method']).toBe(1);
    s.destroy();
  });
});
