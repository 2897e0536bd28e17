import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExtError, Ext } from '../src/index.js';
import { connected } from './helpers.js';

let ext: Ext | undefined;
afterEach(() => ext?.destroy());

describe('malformed host messages', () => {
  const cases: [string, 'themeChanged' | 'tokenChanged' | 'navigate' | 'connectionState', unknown][] = [
    ['a theme with an unknown mode', 'themeChanged', { mode: 'purple', tokens: {} }],
    ['a token that is not a bearer token', 'tokenChanged', { token: 'has spaces in it <script>', ttlMs: 1000 }],
    ['a negative ttl', 'tokenChanged', { token: 'abcdefghijklmnopqrstuvwxyz', ttlMs: -5 }],
    ['a path climbing out', 'navigate', { path: '/../../admin' }],
    ['an unknown connection state', 'connectionState', { state: 'sleepy' }],
    ['extra fields', 'navigate', { path: '/ok', evil: true }],
    ['null', 'themeChanged', null],
    [
      'a prototype-polluting object',
      'tokenChanged',
      JSON.parse('{"__proto__":{"x":1},"token":"abcdefghijklmnopqrstuvwxyz","ttlMs":1}'),
    ],
  ];

  it.each(cases)('drops %s, reports it on on("error") and answers message_rejected', async (_, method, params) => {
    const r = await connected();
    ext = r.ext;
    const errors: ExtError[] = [];
    ext.on('error', (e) => errors.push(e));
    const themeBefore = ext.theme.get();
    const tokenBefore = ext.auth.peek()?.token;
    const answer = await r.host.send(method, params);
    expect(answer).toMatchObject({ ok: false, error: { code: 'message_rejected' } });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('message_rejected');
    expect(ext.theme.get()).toBe(themeBefore);
    expect(ext.auth.peek()?.token).toBe(tokenBefore);
    expect(ext.navigation.current).toBe('/');
    expect(ext.state).toBe('connected');
  });

  it('a malformed answer to a call is dropped and reported; the call rejects, nothing is thrown', async () => {
    const r = await connected({ apiTransport: 'bridge', api: () => ({ status: 999, body: 'x' }) });
    ext = r.ext;
    const onError = vi.fn();
    ext.on('error', onError);
    await expect(ext.api.fetch('/x')).rejects.toMatchObject({ code: 'message_rejected' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'message_rejected' }));
    // the bridge still works
    await expect(ext.host.toast('still alive')).resolves.toBeUndefined();
  });
});
