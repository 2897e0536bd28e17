import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '@extsys/protocol/bridge';
import { ExtError, connect, type Ext } from '../src/index.js';
import { createMockHost } from '../src/testing/index.js';
import { connected, silent } from './helpers.js';

let ext: Ext | undefined;
afterEach(() => ext?.destroy());

describe('connect() through the mock host', () => {
  it('handshakes, presents the nonce and gets the context', async () => {
    const r = await connected({ initialPath: '/start' });
    ext = r.ext;
    expect(ext.context.protocol).toBe(PROTOCOL_VERSION);
    expect(ext.context.extension.id).toBe('com.example.mock');
    expect(ext.navigation.current).toBe('/start');
    expect(ext.state).toBe('connected');
    const hello = r.host.calls.find((c) => c.method === 'hello');
    expect(hello?.params).toMatchObject({
      nonce: 'mock-nonce-0123456789abcdef',
      protocol: { min: '1.0', max: PROTOCOL_VERSION },
    });
    expect(r.host.refused).toEqual([]);
  });

  it('a page with a fragment but no parent frame fails at once with a clear error (no 10 s wait)', async () => {
    const host = createMockHost();
    window.location.hash = `#${host.fragment}`;
    const started = Date.now();
    await expect(connect({ logger: silent })).rejects.toThrow(/not inside an iframe/);
    expect(Date.now() - started).toBeLessThan(1000);
    window.location.hash = '';
  });

  it('rejects with a typed error naming the missing fragment fields, and logs it', async () => {
    const error = vi.fn();
    const p = connect({
      transport: {
        fragment: '#n=abc',
        createMessenger: () => {
          throw new Error('unused');
        },
      },
      logger: { error, warn: () => undefined },
    });
    await expect(p).rejects.toMatchObject({ code: 'handshake_failed' });
    const err = (await p.catch((e: unknown) => e)) as ExtError;
    expect(err).toBeInstanceOf(ExtError);
    expect(err.message).toContain('o (parent origin)');
    expect(err.message).toContain('v (protocol version)');
    expect(err.message).toContain('invalid n (mount nonce)');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('handshake_failed'));
  });

  it('starts the handshake (SYN) before the full fragment check, but never sends a hello for an invalid fragment', async () => {
    const host = createMockHost();
    let messengers = 0;
    // A valid parent origin, an invalid nonce: the SYN may leave, the hello (with the nonce) must not.
    const fragment = host.fragment.replace(/n=[^&]*/, 'n=short');
    const p = connect({
      transport: {
        fragment,
        createMessenger: (f) => {
          messengers++;
          return host.transport.createMessenger(f);
        },
      },
      logger: silent,
    });
    await expect(p).rejects.toMatchObject({ code: 'handshake_failed', message: /invalid n \(mount nonce\)/ });
    expect(messengers).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.calls.filter((c) => c.method === 'hello')).toEqual([]);
  });
});
