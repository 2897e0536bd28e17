// Two runner replicas on one database: two stores opened on it (for PostgreSQL two pools, for
// SQLite two connections to one file), standing in for two processes — nothing in memory is shared
// between them, only the database.
import { afterEach, describe, expect, it } from 'vitest';
import { KvTransaction } from '../src/capabilities/kv-transaction.js';
import { IdempotentCalls, type KeyedCall } from '../src/state/idempotency.js';
import { DEFAULT_KV_QUOTAS, KvCommitConflict, type KvError } from '../src/state/kv-store.js';
import type { RunnerState } from '../src/state/runner-state.js';
import { STATE_BACKENDS, backendTitle, type FreshDatabase, type StateBackend } from './support/state-backends.js';

const answer = (text: string) => ({ status: 200, contentType: 'text/plain', body: new TextEncoder().encode(text) });
const text = (body: Uint8Array) => new TextDecoder().decode(body);

/** Increments `counter` the way the engine runs a call: again from the start when its commit lost a race. */
async function incrementWithRetries(state: RunnerState, ns: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const call = new KvTransaction(state.kv, ns);
    await call.put('counter', String(Number((await call.get('counter'))?.value ?? 0) + 1));
    try {
      await state.commits.commit(call.ns, call.writes(), undefined);
      return attempt;
    } catch (error) {
      if (!(error instanceof KvCommitConflict)) throw error;
    }
  }
}

/** Resolves once `parties` callers have arrived: makes two replicas' calls overlap for certain. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === parties) open();
    return opened;
  };
}

function replicaSuite(backend: StateBackend) {
  describe.skipIf(backend.skip !== undefined)(backendTitle('two replicas on one database', backend), () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function twoReplicas(options: Parameters<FreshDatabase['open']>[0] = {}) {
      const database = await backend.fresh();
      cleanups.push(() => database.drop());
      // Both start at once, as replicas do: the tables are created once.
      const [a, b] = await Promise.all([database.open(options), database.open(options)]);
      return { database, a, b };
    }

    function keys(state: RunnerState) {
      const calls = new IdempotentCalls(state.records, { ttlMs: 60_000 });
      cleanups.push(() => calls.close());
      return calls;
    }

    it('lose no increment when both write one counter at once (revisions checked under a shared lock)', async () => {
      const { a, b } = await twoReplicas();
      const runs = await Promise.all(
        Array.from({ length: 40 }, (_, i) => incrementWithRetries(i % 2 ? a : b, 'tenant/counter')),
      );
      expect(await a.kv.get('tenant/counter', 'counter')).toMatchObject({ value: '40', revision: 40 });
      expect(await b.kv.get('tenant/counter', 'counter')).toMatchObject({ value: '40', revision: 40 });
      expect(runs.every((attempts) => attempts >= 1)).toBe(true);
    });

    it('hold the namespace quota across replicas: of two commits that each fit alone, one is refused', async () => {
      const quotas = { ...DEFAULT_KV_QUOTAS, maxKeys: 10 };
      const { a, b } = await twoReplicas({ quotas });
      const fill = async (state: RunnerState, prefix: string) => {
        const call = new KvTransaction(state.kv, 'tenant/q');
        for (let i = 0; i < 6; i++) await call.put(`${prefix}${i}`, 'v'); // 6 of 10: fits alone
        return state.commits.commit(call.ns, call.writes(), undefined);
      };
      const results = await Promise.allSettled([fill(a, 'a'), fill(b, 'b')]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected');
      expect((refused as PromiseRejectedResult).reason as KvError).toMatchObject({ code: 'quota_exceeded' });
      expect((await a.kv.usage('tenant/q')).keys).toBe(6);
    });

    it('replay on one replica the answer a call committed on the other', async () => {
      const { a, b } = await twoReplicas();
      const scope = { tenantId: 't', extensionId: 'x', key: 'order-1' };
      const runs = { count: 0 };
      const call =
        (state: RunnerState): KeyedCall =>
        async (remember) => {
          runs.count++;
          const txn = new KvTransaction(state.kv, 't/x');
          const next = Number((await txn.get('counter'))?.value ?? 0) + 1;
          await txn.put('counter', String(next));
          await state.commits.commit(txn.ns, txn.writes(), remember(answer(`count ${next}`)));
          return answer(`count ${next}`);
        };
      const first = await keys(a).run(scope, 'f', call(a));
      const retry = await keys(b).run(scope, 'f', call(b));
      expect([first.replayed, retry.replayed]).toEqual([false, true]);
      expect(text(retry.body)).toBe('count 1');
      expect(runs.count).toBe(1);
      await expect(keys(b).run(scope, 'other', call(b))).rejects.toMatchObject({ code: 'idempotency_conflict' });
      expect(await b.kv.get('t/x', 'counter')).toMatchObject({ value: '1' });
    });

    it('apply a key run on both replicas at once only once: the later commit rolls back and replays the first', async () => {
      const { a, b } = await twoReplicas();
      const scope = { tenantId: 't', extensionId: 'x', key: 'both-at-once' };
      const bothRead = barrier(2);
      const runs = { count: 0 };
      const call =
        (state: RunnerState, label: string): KeyedCall =>
        async (remember) => {
          runs.count++;
          const txn = new KvTransaction(state.kv, 't/x');
          const next = Number((await txn.get('counter'))?.value ?? 0) + 1;
          await txn.put('counter', String(next));
          await txn.put(`ran-on-${label}`, 'yes');
          await bothRead(); // neither has committed: both ran the call
          const produced = answer(`count ${next} by ${label}`);
          await state.commits.commit(txn.ns, txn.writes(), remember(produced));
          return produced;
        };
      const [onA, onB] = await Promise.all([
        keys(a).run(scope, 'f', call(a, 'a')),
        keys(b).run(scope, 'f', call(b, 'b')),
      ]);
      expect(runs.count).toBe(2);
      expect([onA.replayed, onB.replayed].sort()).toEqual([false, true]);
      expect(text(onA.body)).toBe(text(onB.body)); // the same stored answer for both
      const winner = onA.replayed ? 'b' : 'a';
      const loser = winner === 'a' ? 'b' : 'a';
      expect(await a.kv.get('t/x', 'counter')).toMatchObject({ value: '1', revision: 1 });
      expect(await a.kv.get('t/x', `ran-on-${winner}`)).not.toBeNull();
      expect(await a.kv.get('t/x', `ran-on-${loser}`)).toBeNull(); // the loser's writes rolled back
    });

    it('refuse a key run on both replicas at once for different requests: the later one is a conflict', async () => {
      const { a, b } = await twoReplicas();
      const scope = { tenantId: 't', extensionId: 'x', key: 'clash' };
      const bothRan = barrier(2);
      const call =
        (state: RunnerState, label: string): KeyedCall =>
        async (remember) => {
          const txn = new KvTransaction(state.kv, 't/x');
          await txn.put(`by-${label}`, 'yes');
          await bothRan();
          await state.commits.commit(txn.ns, txn.writes(), remember(answer(label)));
          return answer(label);
        };
      const results = await Promise.allSettled([
        keys(a).run(scope, 'fingerprint-a', call(a, 'a')),
        keys(b).run(scope, 'fingerprint-b', call(b, 'b')),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'idempotency_conflict' });
      const stored = await a.kv.scan('t/x', 'by-', '', 10);
      expect(stored).toHaveLength(1);
    });
  });
}

for (const backend of STATE_BACKENDS) replicaSuite(backend);
