import { afterEach, describe, expect, it } from 'vitest';
import { HostContext } from '@extsys/protocol';
import { BRIDGE_CHANNEL, PROTOCOL_VERSION } from '@extsys/protocol';
import {
  dispatchToHost,
  hello,
  mount,
  startExtension,
  tick,
  TOKEN,
  until,
  type FakeExtension,
  type Mounted,
} from './harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.handle.destroy();
  mounted?.iframe.remove();
  mounted = undefined;
});

describe('handshake', () => {
  it('answers a hello with the mount nonce with a valid HostContext and resolves ready', async () => {
    mounted = mount();
    const { handle, iframe, nonce, sent } = mounted;
    expect(handle.state).toBe('connecting');
    const ext = await startExtension(iframe, sent);
    const result = await ext.call('hello', hello(nonce));
    expect(result.ok).toBe(true);
    const context = HostContext.parse(result.value);
    expect(context.protocol).toBe('1.0');
    expect(context.auth.token).toBe(`${TOKEN}0`);
    expect(context.auth.ttlMs).toBeGreaterThan(590_000);
    expect(context.initialPath).toBe('/records/42');
    expect(context.hostFeatures).toEqual(['toast', 'navigate']);
    expect(context.theme.mode).toBe('dark');
    const info = await handle.ready;
    expect(info).toMatchObject({ protocol: '1.0', sdkVersion: '0.1.0', reconnected: false });
    expect(handle.state).toBe('connected');
    // The SYN/ACK went out with targetOrigin "*" (opaque child) and carried nothing secret.
    const windowPosts = sent.filter((s) => s.via === 'window');
    expect(windowPosts.length).toBeGreaterThan(0);
    for (const post of windowPosts) expect(JSON.stringify(post.data)).not.toContain(TOKEN);
  });

  it('connects when the page started before the host listened (its first SYN was lost)', async () => {
    let early: Promise<FakeExtension> | undefined;
    mounted = mount({
      beforeBootstrap: (frame, sent) => {
        early = startExtension(frame, sent);
      },
    });
    await tick(30); // the page's SYN went nowhere; the host's SYN reaches it and the handshake completes
    const ext = await early!;
    expect((await ext.call('hello', hello(mounted.nonce))).ok).toBe(true);
    await expect(mounted.handle.ready).resolves.toMatchObject({ reconnected: false });
  });

  it('sets the sandbox, referrer policy, title and allow attributes on an iframe that has none', () => {
    mounted = mount({ noSandboxAttribute: true });
    const { iframe } = mounted;
    expect(iframe.getAttribute('sandbox')).toBe('allow-scripts');
    expect(iframe.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(iframe.getAttribute('title')).toBe('Hello');
    expect(iframe.getAttribute('allow')).toBe('');
    expect(iframe.style.height).toBe('320px');
  });

  it('refuses a hello with the wrong nonce: handshake_failed, counted, nothing secret sent', async () => {
    mounted = mount();
    const { handle, iframe, sent, getToken } = mounted;
    const rejected: unknown[] = [];
    handle.on('message-rejected', (event) => rejected.push(event));
    const ext = await startExtension(iframe, sent);
    const result = await ext.call('hello', hello('x'.repeat(21)));
    expect(result).toMatchObject({ ok: false, error: { code: 'handshake_failed' } });
    expect(handle.stats.byReason['wrong-nonce']).toBe(1);
    expect(rejected).toEqual([expect.objectContaining({ reason: 'wrong-nonce', method: 'hello' })]);
    expect(handle.state).toBe('connecting');
    const everything = JSON.stringify(sent.map((s) => s.data));
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('tenant-a');
    expect(getToken).toHaveBeenCalledTimes(0);
    // A hello without any nonce is refused the same way.
    expect(await ext.call('hello', { protocol: { min: '1.0', max: '1.0' } })).toMatchObject({
      ok: false,
      error: { code: 'handshake_failed' },
    });
    await until(() => handle.stats.byReason['wrong-nonce'] === 2);
  });

  it('negotiates the highest shared minor with a newer same-major SDK', async () => {
    mounted = mount();
    const ext = await startExtension(mounted.iframe, mounted.sent);
    const result = await ext.call('hello', hello(mounted.nonce, { protocol: { min: '1.0', max: '1.7' } }));
    expect(result).toMatchObject({ ok: true, value: { protocol: PROTOCOL_VERSION } });
  });

  it.each([
    ['a newer major', { min: '2.0', max: '2.3' }, /upgrade the host bridge/],
    ['an older major', { min: '0.1', max: '0.9' }, /rebuild the extension with a newer @extsys\/ext-sdk/],
  ])('refuses %s with protocol_incompatible, logged in the host console', async (_name, protocol, sentence) => {
    mounted = mount();
    const { handle, iframe, nonce, sent, logger } = mounted;
    const errors: unknown[] = [];
    handle.on('error', (e) => errors.push(e));
    const ext = await startExtension(iframe, sent);
    const result = await ext.call('hello', hello(nonce, { protocol }));
    expect(result).toMatchObject({ ok: false, error: { code: 'protocol_incompatible' } });
    expect(result.error!.message).toMatch(sentence);
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(sentence));
    await expect(handle.ready).rejects.toMatchObject({ code: 'protocol_incompatible' });
    expect(handle.state).toBe('failed');
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(sent.map((m) => m.data))).not.toContain(TOKEN);
    // Still nothing but handshake_failed for other calls.
    expect(await ext.call('toast', { message: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'handshake_failed' },
    });
  });
});

describe('message guard', () => {
  it('answers every call before a successful hello with handshake_failed, counted', async () => {
    mounted = mount();
    const { handle, iframe, sent } = mounted;
    const ext = await startExtension(iframe, sent);
    for (const [method, arg] of [
      ['toast', { message: 'hi' }],
      ['requestToken', { reason: 'forced' }],
      ['resize', { height: 10 }],
      ['apiRequest', { id: 'r1', method: 'GET', path: '/x', headers: {}, timeoutMs: 100 }],
    ] as const) {
      expect(await ext.call(method, arg)).toMatchObject({ ok: false, error: { code: 'handshake_failed' } });
    }
    expect(handle.stats.byReason['before-hello']).toBe(4);
    expect(mounted.getToken).not.toHaveBeenCalled();
  });

  it('rejects malformed, unknown, oversize and invalid calls with message_rejected, counts them, throws nothing', async () => {
    mounted = mount({ limits: { maxMessageBytes: 10_000 } });
    const { handle, iframe, nonce, sent } = mounted;
    const events: { reason: string }[] = [];
    handle.on('message-rejected', (e) => events.push(e));
    handle.on('message-rejected', () => {
      throw new Error('a host listener that throws');
    });
    const ext = await startExtension(iframe, sent);
    expect((await ext.call('hello', hello(nonce))).ok).toBe(true);

    const rejected = { ok: false, error: { code: 'message_rejected' } };
    expect(await ext.call('eval', { code: 'x' })).toMatchObject(rejected);
    expect(await ext.call('__proto__', {})).toMatchObject(rejected);
    expect(await ext.call('toString', {})).toMatchObject(rejected); // on the methods object's prototype
    expect(await ext.call('toast', { message: 'a' }, { extra: true })).toMatchObject(rejected);
    const nested = (ext.host as unknown as { toast: { nested: (a: unknown) => Promise<unknown> } }).toast.nested;
    expect(await nested({ message: 'a' })).toMatchObject(rejected);
    expect(await ext.call('resize', { height: 1, padding: 'x'.repeat(6000) })).toMatchObject(rejected);
    expect(await ext.call('toast', { message: 'x', tone: 'loud' })).toMatchObject(rejected);
    expect(await ext.call('resize', { height: -5 })).toMatchObject(rejected);
    expect(await ext.call('navigate', { path: '/../admin' })).toMatchObject(rejected);
    expect(await ext.call('hello', hello(nonce, { features: ['teleport'] }))).toMatchObject(rejected);

    // Raw frames on the private port that are not well-formed penpal messages.
    ext.messenger.postRaw({ namespace: 'penpal', channel: BRIDGE_CHANNEL, type: 'CALL', id: 7, methodPath: 'toast' });
    ext.messenger.postRaw({ namespace: 'penpal', channel: BRIDGE_CHANNEL, type: 'BOGUS' });
    ext.messenger.postRaw({
      namespace: 'penpal',
      channel: BRIDGE_CHANNEL,
      type: 'CALL',
      id: 'c',
      methodPath: ['toast'],
      args: 'x',
    });
    await until(() => handle.stats.byReason.malformed === 4);

    expect(handle.stats.byReason).toMatchObject({
      'unknown-method': 4,
      malformed: 4,
      oversize: 1,
      invalid: 4,
    });
    expect(handle.stats.total).toBe(13);
    expect(events).toHaveLength(13);
    expect(handle.state).toBe('connected');
  });

  it('counts messages on our channel from another window without processing them', async () => {
    mounted = mount();
    const { handle, iframe, nonce, sent } = mounted;
    const ext = await startExtension(iframe, sent);
    await ext.call('hello', hello(nonce));
    const intruder = document.createElement('iframe');
    document.body.append(intruder);
    const before = sent.length;
    const forged = { namespace: 'penpal', channel: BRIDGE_CHANNEL, type: 'SYN', participantId: 'zzzz' };
    dispatchToHost(forged, intruder.contentWindow, 'null');
    dispatchToHost(
      { ...forged, type: 'CALL', id: 'x', methodPath: ['hello'], args: [hello(nonce)] },
      window,
      'https://host.example.com',
    );
    dispatchToHost({ namespace: 'other', data: 1 }, intruder.contentWindow, 'null'); // not ours: ignored, not counted
    await tick(20);
    expect(handle.stats.byReason['foreign-source']).toBe(2);
    expect(handle.stats.total).toBe(2);
    expect(sent.length).toBe(before);
    expect(handle.state).toBe('connected');
    intruder.remove();
  });

  it('refuses a penpal v6 message from the iframe, which would switch penpal to posting with "*"', async () => {
    mounted = mount();
    const { handle, iframe, sent } = mounted;
    const before = sent.length;
    dispatchToHost({ penpal: 'syn' }, iframe.contentWindow, 'null');
    dispatchToHost({ penpal: 'handshake-reply', methodNames: [] }, iframe.contentWindow, 'null');
    await tick(10);
    expect(handle.stats.byReason['malformed']).toBe(2);
    expect(sent.length).toBe(before);
  });

  it('drops a message from the iframe with an origin its sandbox cannot produce', async () => {
    mounted = mount();
    const { handle, iframe, sent } = mounted;
    const before = sent.length;
    dispatchToHost(
      { namespace: 'penpal', channel: BRIDGE_CHANNEL, type: 'SYN', participantId: 'zz' },
      iframe.contentWindow,
      'https://evil.example',
    );
    await tick(10);
    expect(handle.stats.byReason['wrong-origin']).toBe(1);
    expect(sent.length).toBe(before);
  });
});

describe('estimateSize', () => {
  it('counts strings, bytes, maps, sets and blobs, and stops past the limit', async () => {
    const { estimateSize } = await import('../src/index.js');
    expect(estimateSize({ a: 'x'.repeat(100) }, 10_000)).toBeGreaterThan(200);
    expect(estimateSize(new Uint8Array(5000), 4000)).toBe(Infinity);
    expect(estimateSize(new Map([['k', 'v'.repeat(3000)]]), 4000)).toBe(Infinity);
    expect(estimateSize(new Set(['v'.repeat(3000)]), 4000)).toBe(Infinity);
    expect(estimateSize(new Blob([new Uint8Array(5000)]), 4000)).toBe(Infinity);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(estimateSize(cyclic, 4000)).toBeLessThan(4000);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) deep = { deep };
    expect(estimateSize(deep, 1_000_000)).toBe(Infinity);
  });
});
