import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_KV_QUOTAS, type KvStore } from '../src/state/kv-store.js';
import { KvTransaction } from '../src/capabilities/kv-transaction.js';
import { IdempotentCalls, type KeyedCall } from '../src/state/idempotency.js';
import type { CallCommitter } from '../src/state/call-commit.js';
import type { RunnerState } from '../src/state/runner-state.js';
import { STATE_BACKENDS, backendTitle, type FreshDatabase, type StateBackend } from './support/state-backends.js';

const answer = (text: string) => ({ status: 200, contentType: 'text/plain', body: new TextEncoder().encode(text) });
const text = (body: Uint8Array) => new TextDecoder().decode(body);

/** A call that increments `counter` in namespace `ns` and answers the new count. */
const increment =
  (state: { kv: KvStore; commits: CallCommitter }, ns: string, runs: { count: number }): KeyedCall =>
  async (remember) => {
    runs.count++;
    const call = new KvTransaction(state.kv, ns);
    const next = Number((await call.get('counter'))?.value ?? 0) + 1;
    await call.put('counter', String(next));
    const produced = answer(`count ${next}`);
    await state.commits.commit(call.ns, call.writes(), remember(produced));
    return produced;
  };

/** Idempotency keys over one implementation of the state: the same tests for each. */
function idempotencySuite(backend: StateBackend) {
  describe.skipIf(backend.skip !== undefined)(backendTitle('idempotency keys', backend), () => {
    const opened: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const close of opened.splice(0).reverse()) await close();
    });

    /** A runner's state and idempotency keys on one fresh database, on a hand-moved clock. */
    async function setup(ttlMs = 60_000) {
      const database: FreshDatabase = await backend.fresh();
      const clock = { now: 1_000_000 };
      const state: RunnerState = await database.open({ now: () => clock.now });
      const store = new IdempotentCalls(state.records, { ttlMs, now: () => clock.now });
      opened.push(() => database.drop());
      opened.push(() => Promise.resolve(store.close()));
      return { database, state, kv: state.kv, store, commits: state.commits, clock };
    }

    it('replay a committed answer without running the call again, until their TTL', async () => {
      const { state, store, kv, clock } = await setup(50);
      const scope = { tenantId: 't1', extensionId: 'com.acme.x', key: 'k' };
      const runs = { count: 0 };
      expect((await store.run(scope, 'f', increment(state, 't1/x', runs))).replayed).toBe(false);
      const replay = await store.run(scope, 'f', increment(state, 't1/x', runs));
      expect(replay.replayed).toBe(true);
      expect(text(replay.body)).toBe('count 1');
      expect(runs.count).toBe(1);
      expect((await kv.get('t1/x', 'counter'))?.value).toBe('1');
      clock.now += 51;
      const after = await store.run(scope, 'f', increment(state, 't1/x', runs));
      expect(after.replayed).toBe(false);
      expect(text(after.body)).toBe('count 2');
    });

    it('are scoped: the same key in another tenant or extension is another entry', async () => {
      const { state, store } = await setup();
      const runs = { count: 0 };
      await store.run({ tenantId: 't1', extensionId: 'com.acme.x', key: 'k' }, 'f', increment(state, 'a', runs));
      const otherTenant = await store.run(
        { tenantId: 't2', extensionId: 'com.acme.x', key: 'k' },
        'f',
        increment(state, 'b', runs),
      );
      const otherExtension = await store.run(
        { tenantId: 't1', extensionId: 'com.acme.y', key: 'k' },
        'f',
        increment(state, 'c', runs),
      );
      expect([otherTenant.replayed, otherExtension.replayed]).toEqual([false, false]);
      expect(runs.count).toBe(3);
    });

    it('refuse the same key for a different request', async () => {
      const { state, store } = await setup();
      const scope = { tenantId: 't', extensionId: 'x', key: 'k' };
      await store.run(scope, 'f1', increment(state, 'n', { count: 0 }));
      await expect(store.run(scope, 'f2', increment(state, 'n', { count: 0 }))).rejects.toMatchObject({
        code: 'idempotency_conflict',
      });
    });

    it('keep nothing of a call that failed before committing: the retry runs it, once', async () => {
      const { state, store, kv } = await setup();
      const scope = { tenantId: 't', extensionId: 'x', key: 'boom' };
      await expect(
        store.run(scope, 'f', async () => {
          throw new Error('the handler trapped');
        }),
      ).rejects.toThrow('trapped');
      const runs = { count: 0 };
      const retry = await store.run(scope, 'f', increment(state, 'n', runs));
      expect(retry.replayed).toBe(false);
      expect((await kv.get('n', 'counter'))?.value).toBe('1');
    });

    it('make a concurrent duplicate wait for the first and replay its answer', async () => {
      const { state, store } = await setup();
      const scope = { tenantId: 't', extensionId: 'x', key: 'dup' };
      const runs = { count: 0 };
      const [a, b] = await Promise.all([
        store.run(scope, 'f', increment(state, 'n', runs)),
        store.run(scope, 'f', increment(state, 'n', runs)),
      ]);
      expect(runs.count).toBe(1);
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
      expect(text(b.body)).toBe(text(a.body));
    });

    it('hold nothing in memory once answered: records live in the database and are swept at their TTL', async () => {
      const { state, store, clock } = await setup(1000);
      const ids = (i: number) => `t\u0000x\u0000k${i}`;
      for (let i = 0; i < 50; i++) {
        await store.run({ tenantId: 't', extensionId: 'x', key: `k${i}` }, 'f', increment(state, 'n', { count: 0 }));
      }
      expect(await state.records.find(ids(49), clock.now)).toMatchObject({ fingerprint: 'f' });
      expect(await store.sweep()).toBe(0);
      clock.now += 1001;
      expect(await state.records.find(ids(49), clock.now)).toBeNull(); // expired: never replayed
      expect(await store.sweep()).toBe(50);
      expect(await store.sweep()).toBe(0);
    });

    it('commit a call’s writes and its record together: a failed commit leaves neither', async () => {
      const { database, store, kv, commits } = await setup();
      const scope = { tenantId: 't', extensionId: 'x', key: 'quota' };
      // The quota is enforced again at commit: here by another store with a lower key limit.
      const small = await database.open({ quotas: { ...DEFAULT_KV_QUOTAS, maxKeys: 1 } });
      await kv.put('q', 'existing', 'x');
      await expect(
        store.run(scope, 'f', async (remember) => {
          const call = new KvTransaction(kv, 'q');
          await call.put('second', 'y');
          await small.commits.commit(call.ns, call.writes(), remember(answer('never stored')));
          return answer('never');
        }),
      ).rejects.toMatchObject({ code: 'quota_exceeded' });
      expect(await kv.get('q', 'second')).toBeNull();
      const runs = { count: 0 };
      expect(
        (
          await store.run(scope, 'f', async (remember) => {
            runs.count++;
            const call = new KvTransaction(kv, 'q');
            await commits.commit(call.ns, call.writes(), remember(answer('ran')));
            return answer('ran');
          })
        ).replayed,
      ).toBe(false);
      expect(runs.count).toBe(1);
    });
  });
}

for (const backend of STATE_BACKENDS) idempotencySuite(backend);
