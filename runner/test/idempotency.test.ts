import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../src/engine/idempotency.js';

const answer = (text: string) => ({ status: 200, contentType: 'text/plain', body: new TextEncoder().encode(text) });

describe('idempotency keys', () => {
  it('expire after their TTL, after which the call runs again', async () => {
    const store = new IdempotencyStore({ ttlMs: 50, maxBytes: 1 << 20 });
    const scope = { tenantId: 't1', extensionId: 'com.acme.x', key: 'k' };
    let runs = 0;
    const produce = async () => answer(`run ${++runs}`);
    expect((await store.run(scope, 'f', produce)).replayed).toBe(false);
    expect((await store.run(scope, 'f', produce)).replayed).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    const after = await store.run(scope, 'f', produce);
    expect(after.replayed).toBe(false);
    expect(new TextDecoder().decode(after.body)).toBe('run 2');
  });

  it('are scoped: the same key in another tenant or extension is another entry', async () => {
    const store = new IdempotencyStore({ ttlMs: 60_000, maxBytes: 1 << 20 });
    let runs = 0;
    const produce = async () => answer(`run ${++runs}`);
    await store.run({ tenantId: 't1', extensionId: 'com.acme.x', key: 'k' }, 'f', produce);
    expect((await store.run({ tenantId: 't2', extensionId: 'com.acme.x', key: 'k' }, 'f', produce)).replayed).toBe(
      false,
    );
    expect((await store.run({ tenantId: 't1', extensionId: 'com.acme.y', key: 'k' }, 'f', produce)).replayed).toBe(
      false,
    );
    expect(runs).toBe(3);
  });

  it('stay within their byte bound, and do not keep failed calls', async () => {
    const store = new IdempotencyStore({ ttlMs: 60_000, maxBytes: 4096 });
    for (let i = 0; i < 20; i++) {
      await store.run({ tenantId: 't', extensionId: 'com.acme.x', key: `k${i}` }, 'f', async () =>
        answer('x'.repeat(1000)),
      );
    }
    const first = await store.run({ tenantId: 't', extensionId: 'com.acme.x', key: 'k0' }, 'f', async () =>
      answer('again'),
    );
    expect(first.replayed).toBe(false);
    await expect(
      store.run({ tenantId: 't', extensionId: 'com.acme.x', key: 'boom' }, 'f', () =>
        Promise.reject(new Error('timeout')),
      ),
    ).rejects.toThrow();
    expect(
      (await store.run({ tenantId: 't', extensionId: 'com.acme.x', key: 'boom' }, 'f', async () => answer('ok')))
        .replayed,
    ).toBe(false);
  });
});
