import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_KV_QUOTAS, KvCommitConflict, type KvQuotas } from '../src/state/kv-store.js';
import { KvTransaction } from '../src/capabilities/kv-transaction.js';
import { NamespaceLocks } from '../src/capabilities/namespace-lock.js';
import { compareKeys } from '../src/state/key-order.js';
import { STATE_BACKENDS, backendTitle, type FreshDatabase, type StateBackend } from './support/state-backends.js';

/** The KV transaction of a call over one implementation of the store: the same tests for each. */
function kvTransactionSuite(backend: StateBackend) {
  describe.skipIf(backend.skip !== undefined)(backendTitle('a call’s KV transaction', backend), () => {
    const databases: FreshDatabase[] = [];
    afterEach(async () => {
      await Promise.all(databases.splice(0).map((database) => database.drop()));
    });

    async function setup(quotas: KvQuotas = DEFAULT_KV_QUOTAS) {
      const database = await backend.fresh();
      databases.push(database);
      const { kv, commits } = await database.open({ quotas });
      const call = () => new KvTransaction(kv, 'tenant/ext');
      return { kv, commits, call, database };
    }

    it('sees its own writes and deletes, and writes nothing to the store before it commits', async () => {
      const { kv, commits, call } = await setup();
      await kv.put('tenant/ext', 'a', '1');
      const txn = call();
      expect(await txn.put('b', '2')).toBe(1);
      expect(await txn.put('a', 'one')).toBe(2);
      expect(await txn.delete('a')).toBe(true);
      expect(await txn.get('a')).toBeNull();
      expect(await txn.get('b')).toEqual({ key: 'b', value: '2', revision: 1 });
      expect((await kv.get('tenant/ext', 'a'))?.value).toBe('1');
      expect(await kv.get('tenant/ext', 'b')).toBeNull();
      await commits.commit(txn.ns, txn.writes(), undefined);
      expect(await kv.get('tenant/ext', 'a')).toBeNull();
      expect(await kv.get('tenant/ext', 'b')).toEqual({ key: 'b', value: '2', revision: 1 });
    });

    it('lists the store merged with its own writes, page by page', async () => {
      const { kv, call } = await setup();
      for (const key of ['k1', 'k3', 'k5', 'k7', 'x1']) await kv.put('tenant/ext', key, key);
      const txn = call();
      await txn.put('k2', 'new');
      await txn.delete('k3');
      await txn.put('k9', 'last');
      const first = await txn.list('k', '', 2);
      expect(first.items.map((i) => i.key)).toEqual(['k1', 'k2']);
      const second = await txn.list('k', first.cursor!, 2);
      expect(second.items.map((i) => i.key)).toEqual(['k5', 'k7']);
      const third = await txn.list('k', second.cursor!, 2);
      expect(third).toEqual({ items: [{ key: 'k9', value: 'last', revision: 1 }], cursor: null });
    });

    it('lists keys in ascending byte order of their UTF-8, store and own writes alike (the documented order)', async () => {
      const { kv, call } = await setup();
      for (const key of ['item9', 'itemé', 'itemZ', 'item\u{1F601}', 'item\uFF22'])
        await kv.put('tenant/ext', key, key);
      const txn = call();
      for (const key of ['item10', 'itema', 'item\u{1F600}', 'item\uFF21']) await txn.put(key, key);
      const keys = (await txn.list('item', '', 100)).items.map((i) => i.key);
      const byUtf8 = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(keys).toEqual(byUtf8);
      expect(keys).toHaveLength(9);
      expect(keys.slice(0, 4)).toEqual(['item10', 'item9', 'itemZ', 'itema']);
      // The store's own order is the same one, page boundaries included.
      const stored = await kv.scan('tenant/ext', 'item', '', 100);
      expect(stored.map((i) => i.key)).toEqual([...stored.map((i) => i.key)].sort(compareKeys));
    });

    it('stores any text: NUL, controls, emoji and an empty value, byte for byte', async () => {
      const { kv, commits, call } = await setup();
      const txn = call();
      const odd = { 'nul\u0000key': 'a\u0000b', 'tab\tkey': '', 'emoji\u{1F600}': '\u{1F600}\n"quoted"\\' };
      for (const [key, value] of Object.entries(odd)) await txn.put(key, value);
      await commits.commit(txn.ns, txn.writes(), undefined);
      for (const [key, value] of Object.entries(odd)) {
        expect(await kv.get('tenant/ext', key)).toEqual({ key, value, revision: 1 });
      }
      expect((await kv.usage('tenant/ext')).bytes).toBe(
        Object.entries(odd).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0),
      );
    });

    it('checks ifRevision against the store at once', async () => {
      const { kv, call } = await setup();
      await kv.put('tenant/ext', 'a', '1');
      const txn = call();
      await expect(txn.put('a', 'x', 0)).rejects.toThrow(/revision 1, not 0/);
      expect(await txn.put('a', 'x', 1)).toBe(2);
      await expect(txn.put('a', 'y', 1)).rejects.toThrow(/revision 2, not 1/);
      expect(await txn.put('a', 'y', 2)).toBe(3);
    });

    it('refuses to commit over a change it never saw: a read-modify-write loses no update', async () => {
      const { kv, commits, call } = await setup();
      await kv.put('tenant/ext', 'n', '0');
      const slow = call();
      const seen = Number((await slow.get('n'))?.value);
      const fast = call();
      await fast.put('n', String(Number((await fast.get('n'))?.value) + 1));
      await commits.commit(fast.ns, fast.writes(), undefined);
      await slow.put('n', String(seen + 1)); // a blind write based on a stale read
      await expect(commits.commit(slow.ns, slow.writes(), undefined)).rejects.toThrow(KvCommitConflict);
      expect(await kv.get('tenant/ext', 'n')).toMatchObject({ value: '1', revision: 2 });
    });

    it('refuses a write over the namespace quota when it is made, and again at commit', async () => {
      const { kv, commits, call } = await setup({ ...DEFAULT_KV_QUOTAS, maxKeys: 2 });
      const txn = call();
      await txn.put('a', '1');
      await txn.put('b', '2');
      await expect(txn.put('c', '3')).rejects.toThrow(/more than 2 keys/);
      expect(await txn.get('c')).toBeNull();
      await txn.put('a', 'replaced');
      expect(txn.writes().map((w) => w.key)).toEqual(['a', 'b']);
      // Another call filled the namespace meanwhile: the commit refuses, writing nothing.
      await kv.put('tenant/ext', 'z', 'first');
      await expect(commits.commit(txn.ns, txn.writes(), undefined)).rejects.toMatchObject({ code: 'quota_exceeded' });
      expect(await kv.usage('tenant/ext')).toEqual({ keys: 1, bytes: 6 });
    });

    it('refuses bytes over the quota, counting a replaced value only once', async () => {
      const { call } = await setup({ ...DEFAULT_KV_QUOTAS, maxBytes: 10 });
      const txn = call();
      await txn.put('k', '12345'); // 6 bytes
      await txn.put('k', '123456789'); // replaces: 10 bytes
      await expect(txn.put('j', '')).rejects.toThrow(/exceed 10 bytes/);
      await txn.delete('k');
      expect(await txn.put('j', '12345678')).toBe(1);
    });

    it('lets one writer at a time hold a namespace, so a second writer sees the first one’s commit', async () => {
      const { kv, commits } = await setup();
      const locks = new NamespaceLocks();
      const first = new KvTransaction(kv, 'tenant/ext', locks);
      const second = new KvTransaction(kv, 'tenant/ext', locks);
      const other = new KvTransaction(kv, 'tenant/other', locks);
      await first.put('n', '1');
      let secondWrote = false;
      const secondWrite = second.put('n', '2', 1).then(() => (secondWrote = true));
      await other.put('n', 'elsewhere'); // another namespace is not held up
      await new Promise((r) => setTimeout(r, 20));
      expect(secondWrote).toBe(false);
      await commits.commit(first.ns, first.writes(), undefined);
      first.close();
      await secondWrite;
      await commits.commit(second.ns, second.writes(), undefined);
      second.close();
      other.close();
      expect(await kv.get('tenant/ext', 'n')).toMatchObject({ value: '2', revision: 2 });
      expect(locks.held).toBe(0);
    });

    it('gives up a lock granted after the call ended', async () => {
      const { kv } = await setup();
      const locks = new NamespaceLocks();
      const holder = new KvTransaction(kv, 'tenant/ext', locks);
      await holder.put('a', '1');
      const late = new KvTransaction(kv, 'tenant/ext', locks);
      const waiting = late.put('a', '2');
      late.close(); // its deadline passed while it waited
      holder.close();
      await expect(waiting).rejects.toThrow(/ended while it waited/);
      expect(locks.held).toBe(0);
    });
  });
}

for (const backend of STATE_BACKENDS) kvTransactionSuite(backend);

describe('compareKeys', () => {
  it('orders keys as their UTF-8 bytes do', () => {
    const keys = ['b', 'a', 'ab', '', 'é', '\u{1F600}', '\uFF21', '\uE000', 'z', 'Z', '\u{10000}'];
    const sorted = [...keys].sort(compareKeys);
    expect(sorted).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});
