// Port calls ({xc, m, a} on penpal's private port, answered with {xr, r}): how the ext SDK calls its
// host. Same methods, guards and validation as a penpal CALL; accepted only from the port.
import { afterEach, describe, expect, it } from 'vitest';
import { HostContext } from '@extsys/protocol';
import { dispatchToHost, hello, mount, startExtension, tick, until, type Mounted } from './harness.js';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.handle.destroy();
  mounted?.iframe.remove();
  mounted = undefined;
});

const answerTo = (mountedSent: Mounted['sent'], id: number) =>
  mountedSent.find((s) => s.via === 'port' && (s.data as { xr?: unknown })?.xr === id)?.data as
    { xr: number; r: { ok: boolean; value?: unknown; error?: { code: string } } } | undefined;

describe('port calls', () => {
  it('serve hello and host methods on the private port, validated like penpal calls', async () => {
    mounted = mount();
    const { handle, iframe, nonce, sent } = mounted;
    const ext = await startExtension(iframe, sent);
    ext.messenger.postRaw({ xc: 1, m: 'hello', a: hello(nonce) });
    await until(() => answerTo(sent, 1) !== undefined);
    const context = HostContext.parse(answerTo(sent, 1)!.r.value);
    expect(context.protocol).toBe('1.0');
    await handle.ready;
    ext.messenger.postRaw({ xc: 2, m: 'toast', a: { message: 'hi' } });
    ext.messenger.postRaw({ xc: 3, m: 'toast', a: { message: 'x'.repeat(501) } });
    ext.messenger.postRaw({ xc: 4, m: 'teleport', a: {} });
    await until(() => answerTo(sent, 4) !== undefined && answerTo(sent, 3) !== undefined);
    expect(answerTo(sent, 2)!.r).toEqual({ ok: true, value: null });
    expect(answerTo(sent, 3)!.r.error?.code).toBe('message_rejected');
    expect(answerTo(sent, 4)!.r.error?.code).toBe('message_rejected');
    expect(handle.stats.byReason['invalid']).toBe(1);
    expect(handle.stats.byReason['unknown-method']).toBe(1);
  });

  it('answer nothing before a hello with the nonce but handshake_failed', async () => {
    mounted = mount();
    const { handle, iframe, sent } = mounted;
    const ext = await startExtension(iframe, sent);
    ext.messenger.postRaw({ xc: 7, m: 'requestToken', a: { reason: 'forced' } });
    await until(() => answerTo(sent, 7) !== undefined);
    expect(answerTo(sent, 7)!.r.error?.code).toBe('handshake_failed');
    expect(handle.stats.byReason['before-hello']).toBe(1);
  });

  it('are refused as window messages (even from the frame) and when malformed', async () => {
    mounted = mount();
    const { handle, iframe, nonce, sent } = mounted;
    const ext = await startExtension(iframe, sent);
    const before = sent.length;
    dispatchToHost({ xc: 1, m: 'hello', a: hello(nonce) }, iframe.contentWindow, 'null');
    ext.messenger.postRaw({ xc: 'one', m: 'hello', a: hello(nonce) });
    ext.messenger.postRaw({ xc: 2, m: 'hello', a: hello(nonce), extra: 1 });
    await tick(20);
    expect(handle.stats.byReason['malformed']).toBe(3);
    expect(sent.length).toBe(before);
    expect(handle.state).toBe('connecting');
  });

  it('follow a handshake the host always leads (two round trips before the hello)', async () => {
    mounted = mount();
    const { iframe, sent } = mounted;
    await startExtension(iframe, sent);
    const types = sent.filter((s) => s.via === 'window').map((s) => (s.data as { type: string }).type);
    // The host sends SYN and ACK1; the frame (here the fake page) answers ACK2 with the port.
    expect(types).toContain('ACK1');
    const syn = sent.find((s) => (s.data as { type?: string }).type === 'SYN')!.data as { participantId: string };
    expect(syn.participantId.startsWith('~')).toBe(true);
  });
});
