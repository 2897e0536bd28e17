import type { Message, MessageHandler } from 'penpal';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL } from '@extsys/protocol/bridge';
import { connect, type Ext, type ExtError, type Transport } from '../src/index.js';
import { createMockHost } from '../src/testing/index.js';
import { connected, silent, waitFor } from './helpers.js';

let ext: Ext | undefined;
afterEach(() => ext?.destroy());

describe('connection life cycle: nothing hangs', () => {
  it('destroy() rejects every call in flight with connection_destroyed, and later calls fail fast', async () => {
    const r = await connected({ latencyMs: 500 });
    ext = r.ext;
    const pending = [
      ext.host.toast('a'),
      ext.host.confirm({ title: 't', message: 'm' }),
      ext.auth.getToken({ forceRefresh: true }),
    ];
    for (const p of pending) void p.catch(() => undefined);
    const destroyed: unknown[] = [];
    ext.on('destroyed', (v) => destroyed.push(v));
    ext.destroy();
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: 'connection_destroyed', status: 410 });
    await expect(ext.host.toast('b')).rejects.toMatchObject({ code: 'connection_destroyed' });
    expect(ext.state).toBe('destroyed');
    expect(destroyed).toHaveLength(1);
  });

  it('"lost" from the host rejects calls in flight with connection_lost; "connected" brings it back', async () => {
    const r = await connected({ latencyMs: 300 });
    ext = r.ext;
    const events: string[] = [];
    ext.on('lost', (e: ExtError) => events.push(`lost:${e.code}`));
    ext.on('reconnected', () => events.push('reconnected'));
    const inFlight = expect(ext.host.toast('x')).rejects.toMatchObject({ code: 'connection_lost', retriable: true });
    r.host.latencyMs = 0;
    await r.host.setConnectionState('lost', 'host navigated away');
    await inFlight;
    expect(ext.state).toBe('lost');
    await expect(ext.host.toast('y')).rejects.toMatchObject({ code: 'connection_lost' });
    await r.host.setConnectionState('connected');
    expect(ext.state).toBe('connected');
    await expect(ext.host.toast('z')).resolves.toBeUndefined();
    expect(events).toEqual(['lost:connection_lost', 'reconnected']);
  });

  it('a closed bridge is re-handshaken (same nonce) and theme, token and path are replayed', async () => {
    const r = await connected({ theme: 'light', initialPath: '/a' });
    ext = r.ext;
    const events: string[] = [];
    ext.on('lost', () => events.push('lost'));
    ext.on('reconnected', () => events.push('reconnected'));
    ext.on('connected', () => events.push('connected'));
    const firstToken = await ext.auth.getToken();
    r.host.disconnect();
    await waitFor(() => ext!.state === 'lost');
    await expect(ext.host.toast('while down')).rejects.toMatchObject({ code: 'connection_lost' });
    void r.host.setTheme('dark'); // the host changes state while the bridge is down
    void r.host.navigate('/b');
    r.host.restore();
    await waitFor(() => ext!.state === 'connected', 3000);
    expect(events).toEqual(['lost', 'reconnected', 'connected']);
    expect(ext.theme.get().mode).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(ext.navigation.current).toBe('/b');
    expect(await ext.auth.getToken()).not.toBe(firstToken);
    expect(r.host.calls.filter((c) => c.method === 'hello')).toHaveLength(2);
    await expect(ext.host.toast('back')).resolves.toBeUndefined();
  });

  it('a bridge the host closes before answering the hello fails connect() at once, not at the timeout', async () => {
    // The host's answers are slow; meanwhile its penpal DESTROY (and nothing else) reaches the page.
    const host = createMockHost({ latencyMs: 3000 });
    const handlers: MessageHandler[] = [];
    const transport: Transport = {
      fragment: host.transport.fragment,
      createMessenger: (fragment) => {
        const messenger = host.transport.createMessenger(fragment);
        return { ...messenger, addMessageHandler: (h) => (handlers.push(h), messenger.addMessageHandler(h)) };
      },
    };
    const started = Date.now();
    const pending = connect({ transport, logger: silent, handshakeTimeoutMs: 5000 });
    await waitFor(() => host.connected); // penpal's SYN/ACK is done: the hello is on its way
    const destroy = { namespace: 'penpal', channel: BRIDGE_CHANNEL, type: 'DESTROY' } as Message;
    for (const handler of handlers) handler(destroy);
    await expect(pending).rejects.toMatchObject({ code: 'connection_lost' });
    expect(Date.now() - started).toBeLessThan(2000);
    host.destroy();
  });

  it('keeps retrying (with backoff) while the host is unreachable', async () => {
    const r = await connected();
    ext = r.ext;
    r.host.disconnect();
    await waitFor(() => ext!.state === 'lost');
    await new Promise((resolve) => setTimeout(resolve, 450)); // several failed attempts (100, 200 ms...)
    expect(ext.state).toBe('lost');
    r.host.restore();
    await waitFor(() => ext!.state === 'connected', 4000);
    await expect(ext.host.toast('back')).resolves.toBeUndefined();
  });

  it('a host that says "destroyed" is not reconnected to', async () => {
    const r = await connected();
    ext = r.ext;
    const lost: ExtError[] = [];
    ext.on('lost', (e) => lost.push(e));
    r.host.destroy();
    await waitFor(() => lost.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lost.map((e) => e.code)).toEqual(['connection_destroyed']);
    expect(r.host.calls.filter((c) => c.method === 'hello')).toHaveLength(1);
    await expect(ext.host.toast('x')).rejects.toMatchObject({ code: 'connection_destroyed' });
  });

  it('every bridge call has a deadline (the context default)', async () => {
    const r = await connected({ callTimeoutMs: 50 });
    ext = r.ext;
    r.host.latencyMs = 1000;
    await expect(ext.host.toast('slow host')).rejects.toMatchObject({ code: 'timeout' });
  });
});
