import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '@extsys/protocol/bridge';
import { connect, type Ext } from '../src/index.js';
import { SDK_VERSION } from '../src/version.js';
import { createMockHost } from '../src/testing/index.js';
import { editReplies, silent, tamper } from './helpers.js';
import pkg from '../package.json' with { type: 'json' };

let ext: Ext | undefined;
afterEach(() => ext?.destroy());

describe('protocol version negotiation (through the mock host)', () => {
  it('speaks the highest shared minor with a newer host of the same major', async () => {
    const host = createMockHost({ protocol: { min: '1.0', max: '1.7' } });
    ext = await connect({ transport: host.transport, logger: silent });
    expect(ext.context.protocol).toBe(PROTOCOL_VERSION);
  });

  it('a host of a newer major refuses the SDK: connect() rejects with protocol_incompatible and logs it', async () => {
    const host = createMockHost({ protocol: { min: '2.0', max: '2.3' } });
    const error = vi.fn();
    const p = connect({ transport: host.transport, logger: { error, warn: () => undefined } });
    await expect(p).rejects.toMatchObject({ code: 'protocol_incompatible', status: 400, retriable: false });
    await expect(p).rejects.toThrow(/rebuild the extension with a newer @extsys\/ext-sdk/);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/protocol_incompatible.*2\.0–2\.3/));
  });

  it('a host of an older major refuses the SDK the other way round (upgrade the host)', async () => {
    const host = createMockHost({ protocol: { min: '0.1', max: '0.9' } });
    await expect(connect({ transport: host.transport, logger: silent })).rejects.toThrow(/upgrade the host bridge/);
    expect(host.refused.map((r) => r.error.code)).toEqual(['protocol_incompatible']);
  });

  it('the SDK refuses a context whose protocol it does not speak (a broken host)', async () => {
    const host = createMockHost();
    const transport = tamper(
      host.transport,
      editReplies((value) => ('protocol' in value ? { ...value, protocol: '1.9' } : value)),
    );
    await expect(connect({ transport, logger: silent })).rejects.toMatchObject({ code: 'protocol_incompatible' });
  });

  it('a malformed hello answer is dropped, reported and rejects connect() (nothing thrown elsewhere)', async () => {
    const host = createMockHost();
    const transport = tamper(
      host.transport,
      editReplies((value) => ('protocol' in value ? { ...value, hostFeatures: 'everything' } : value)),
    );
    const warn = vi.fn();
    await expect(connect({ transport, logger: { error: () => undefined, warn } })).rejects.toMatchObject({
      code: 'message_rejected',
    });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/malformed/));
  });

  it('a wrong nonce is refused with handshake_failed', async () => {
    const host = createMockHost();
    const fragment = host.fragment.replace(/n=[^&]+/, 'n=another-nonce-0123456789abc');
    await expect(connect({ transport: { ...host.transport, fragment }, logger: silent })).rejects.toMatchObject({
      code: 'handshake_failed',
    });
    expect(host.refused[0]?.error.message).toMatch(/nonce/);
  });

  it('a host that never answers rejects with handshake_timeout', async () => {
    const host = createMockHost();
    const silentHost = {
      fragment: host.fragment,
      createMessenger: () => ({
        initialize: () => undefined,
        sendMessage: () => undefined,
        addMessageHandler: () => undefined,
        removeMessageHandler: () => undefined,
        destroy: () => undefined,
      }),
    };
    await expect(connect({ transport: silentHost, handshakeTimeoutMs: 50, logger: silent })).rejects.toMatchObject({
      code: 'handshake_timeout',
      retriable: true,
    });
  });

  it('announces the package version', () => {
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
