import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_KV_QUOTAS, KvStore } from '../src/state/kv-store.js';
import { KvTransaction } from '../src/capabilities/kv-transaction.js';
import { IdempotencyStore, type KeyedCall } from '../src/state/idempotency.js';
import { CallCommitter } from '../src/state/call-commit.js';
import { RunnerDatabase } from '../src/state/database.js';

const answer = (text: string) => ({ status: 200, contentType: 'text/plain', body: new TextEncoder().encode(text) });
const text = (body: Uint8Array) => new TextDecoder().decode(body);

/** A runner's database, KV store and idempotency store on one in-memory SQLite, on a hand-moved clock. */
function setup(ttlMs = 60_000) {
  const database = new RunnerDatabase(':memory:');
  const kv = new KvStore(database, DEFAULT_KV_QUOTAS);
  const clock = { now: 1_000_000 };
  const store = new IdempotencyStore(database, { ttlMs, now: () => clock.now });
  const commits = new CallCommitter(database, kv, store);
  opened.push(() => {
    store.close();
    database.close();
  });
  /** A call that increments `counter` in its namespace and answers the new count. */
  const increment =
    (ns: string, runs: { count: number }): KeyedCall =>
    async (remember) => {
      runs.count++;
      const call = new KvTransaction(kv, ns);
      const next = Number(call.get('counter')?.value ?? 0) + 1;
      await call.put('counter', String(next));
      const produced = answer(`count ${next}`);
      commits.commit(call.ns, call.writes(), remember(produced));
      return produced;
    };
  return { database, kv, store, commits, clock, increment };
}
const opened: (() => void)[] = [];
afterEach(() => opened.splice(0).forEach((close) => close()));

describe('idempotency keys', () => {
  it('replay a committed answer without running the call again, until their TTL', async () => {
    const { store, kv, clock, increment } = setup(50);
    const scope = { tenantId: 't1', extensionId: 'com.acme.x', key: 'k' };
    const runs = { count: 0 };
    expect((await store.run(scope, 'f', increment('t1/x', runs))).replayed).toBe(false);
    const replay = await store.run(scope, 'f', increment('t1/x', runs));
    expect(replay.replayed).toBe(true);
    expect(text(replay.body)).toBe('count 1');
    expect(runs.count).toBe(1);
    expect(kv.get('t1/x', 'counter')?.value).toBe('1');
    clock.now += 51;
    const after = await store.run(scope, 'f', increment('t1/x', runs));
    expect(after.replayed).toBe(false);
    expect(text(after.body)).toBe('count 2');
  });

  it('are scoped: the same key in another tenant or extension is another entry', async () => {
    const { store, increment } = setup();
    const runs = { count: 0 };
    await store.run({ tenantId: 't1', extensionId: 'com.acme.x', key: 'k' }, 'f', increment('a', runs));
    const otherTenant = await store.run(
      { tenantId: 't2', extensionId: 'com.acme.x', key: 'k' },
      'f',
      increment('b', runs),
    );
    const otherExtension = await store.run(
      { tenantId: 't1', extensionId: 'com.acme.y', key: 'k' },
      'f',
      increment('c', runs),
    );
    expect([otherTenant.replayed, otherExtension.replayed]).toEqual([false, false]);
    expect(runs.count).toBe(3);
  });

  it('refuse the same key for a different request', async () => {
    const { store, increment } = setup();
    const scope = { tenantId: 't', extensionId: 'x', key: 'k' };
    await store.run(scope, 'f1', increment('n', { count: 0 }));
    await expect(store.run(scope, 'f2', increment('n', { count: 0 }))).rejects.toMatchObject({
      code: 'idempotency_conflict',
    });
  });

  it('keep nothing of a call that failed before committing: the retry runs it, once', async () => {
    const { store, kv, increment } = setup();
    const scope = { tenantId: 't', extensionId: 'x', key: 'boom' };
    await expect(
      store.run(scope, 'f', async () => {
        throw new Error('the handler trapped');
      }),
    ).rejects.toThrow('trapped');
    const runs = { count: 0 };
    const retry = await store.run(scope, 'f', increment('n', runs));
    expect(retry.replayed).toBe(false);
    expect(kv.get('n', 'counter')?.value).toBe('1');
  });

  it('make a concurrent duplicate wait for the first and replay its answer', async () => {
    const { store, increment } = setup();
    const scope = { tenantId: 't', extensionId: 'x', key: 'dup' };
    const runs = { count: 0 };
    const [a, b] = await Promise.all([
      store.run(scope, 'f', increment('n', runs)),
      store.run(scope, 'f', increment('n', runs)),
    ]);
    expect(runs.count).toBe(1);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(text(b.body)).toBe(text(a.body));
  });

  it('hold nothing in memory once answered: records live in the database and are swept at their TTL', async () => {
    const { store, database, clock, increment } = setup(1000);
    for (let i = 0; i < 50; i++) {
      await store.run({ tenantId: 't', extensionId: 'x', key: `k${i}` }, 'f', increment('n', { count: 0 }));
    }
    const rows = () => (database.db.prepare('SELECT count(*) AS n FROM idempotency').get() as { n: number }).n;
    expect(rows()).toBe(50);
    expect(store.sweep()).toBe(0);
    clock.now += 1001;
    expect(store.sweep()).toBe(50);
    expect(rows()).toBe(0);
  });

  it('commit a call’s writes and its record together: a failed commit leaves neither', async () => {
    const { store, kv, commits, database } = setup();
    const scope = { tenantId: 't', extensionId: 'x', key: 'quota' };
    const small = new KvStore(database, { ...DEFAULT_KV_QUOTAS, maxKeys: 1 });
    kv.put('q', 'existing', 'x');
    await expect(
      store.run(scope, 'f', async (remember) => {
        const call = new KvTransaction(kv, 'q');
        await call.put('second', 'y');
        // The quota is enforced again at commit (another store instance with a lower key limit).
        new CallCommitter(database, small, store).commit(call.ns, call.writes(), remember(answer('never stored')));
        return answer('never');
      }),
    ).rejects.toMatchObject({ code: 'quota_exceeded' });
    expect(kv.get('q', 'second')).toBeNull();
    const runs = { count: 0 };
    expect(
      (
        await store.run(scope, 'f', async (remember) => {
          runs.count++;
          const call = new KvTransaction(kv, 'q');
          commits.commit(call.ns, call.writes(), remember(answer('ran')));
          return answer('ran');
        })
      ).replayed,
    ).toBe(false);
    expect(runs.count).toBe(1);
  });
});
