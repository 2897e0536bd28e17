import { afterEach, describe, expect, it } from 'vitest';
import { HostContext } from '@extsys/protocol';
import { hello, mount, startExtension, TOKEN, until, type Mounted } from './harness.js';

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
});
