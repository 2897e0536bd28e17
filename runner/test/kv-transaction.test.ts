import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_KV_QUOTAS, KvCommitConflict, KvStore } from '../src/state/kv-store.js';
import { KvTransaction } from '../src/capabilities/kv-transaction.js';
import { NamespaceLocks } from '../src/capabilities/namespace-lock.js';
import { IdempotencyStore } from '../src/state/idempotency.js';
import { CallCommitter } from '../src/state/call-commit.js';
import { RunnerDatabase } from '../src/state/database.js';
import { compareKeys } from '../src/state/key-order.js';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

function setup(quotas = DEFAULT_KV_QUOTAS) {
  const database = new RunnerDatabase(':memory:');
  const kv = new KvStore(database, quotas);
  const idempotency = new IdempotencyStore(database, { ttlMs: 60_000 });
  const commits = new CallCommitter(database, kv, idempotency);
  closers.push(() => {
    idempotency.close();
    database.close();
  });
  const call = () => new KvTransaction(kv, 'tenant/ext');
  return { kv, commits, call };
}

describe('a call’s KV transaction', async () => {
  it('sees its own writes and deletes, and writes nothing to the store before it commits', async () => {
    const { kv, commits, call } = setup();
    kv.put('tenant/ext', 'a', '1');
    const txn = call();
    expect(await txn.put('b', '2')).toBe(1);
    expect(await txn.put('a', 'one')).toBe(2);
    expect(await txn.delete('a')).toBe(true);
    expect(txn.get('a')).toBeNull();
    expect(txn.get('b')).toEqual({ key: 'b', value: '2', revision: 1 });
    expect(kv.get('tenant/ext', 'a')?.value).toBe('1');
    expect(kv.get('tenant/ext', 'b')).toBeNull();
    commits.commit(txn.ns, txn.writes(), undefined);
    expect(kv.get('tenant/ext', 'a')).toBeNull();
    expect(kv.get('tenant/ext', 'b')).toEqual({ key: 'b', value: '2', revision: 1 });
  });

  it('lists the store merged with its own writes, page by page', async () => {
    const { kv, call } = setup();
    for (const key of ['k1', 'k3', 'k5', 'k7', 'x1']) kv.put('tenant/ext', key, key);
    const txn = call();
    await txn.put('k2', 'new');
    await txn.delete('k3');
    await txn.put('k9', 'last');
    const first = txn.list('k', '', 2);
    expect(first.items.map((i) => i.key)).toEqual(['k1', 'k2']);
    const second = txn.list('k', first.cursor!, 2);
    expect(second.items.map((i) => i.key)).toEqual(['k5', 'k7']);
    const third = txn.list('k', second.cursor!, 2);
    expect(third).toEqual({ items: [{ key: 'k9', value: 'last', revision: 1 }], cursor: null });
  });

  it('lists keys in ascending byte order of their UTF-8, store and own writes alike (the documented order)', async () => {
    const { kv, call } = setup();
    for (const key of ['item9', 'itemé', 'itemZ']) kv.put('tenant/ext', key, key);
    const txn = call();
    for (const key of ['item10', 'itema', 'item\u{1F600}', 'item\uFF21']) await txn.put(key, key);
    const keys = txn.list('item', '', 100).items.map((i) => i.key);
    const byUtf8 = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(keys).toEqual(byUtf8);
    expect(keys.slice(0, 4)).toEqual(['item10', 'item9', 'itemZ', 'itema']);
  });

  it('checks ifRevision against the store at once', async () => {
    const { kv, call } = setup();
    kv.put('tenant/ext', 'a', '1');
    const txn = call();
    await expect(txn.put('a', 'x', 0)).rejects.toThrow(/revision 1, not 0/);
    expect(await txn.put('a', 'x', 1)).toBe(2);
    await expect(txn.put('a', 'y', 1)).rejects.toThrow(/revision 2, not 1/);
    expect(await txn.put('a', 'y', 2)).toBe(3);
  });

  it('refuses to commit over a change it never saw: a read-modify-write loses no update', async () => {
    const { kv, commits, call } = setup();
    kv.put('tenant/ext', 'n', '0');
    const slow = call();
    const seen = Number(slow.get('n')?.value);
    const fast = call();
    await fast.put('n', String(Number(fast.get('n')?.value) + 1));
    commits.commit(fast.ns, fast.writes(), undefined);
    await slow.put('n', String(seen + 1)); // a blind write based on a stale read
    expect(() => commits.commit(slow.ns, slow.writes(), undefined)).toThrow(KvCommitConflict);
    expect(kv.get('tenant/ext', 'n')).toMatchObject({ value: '1', revision: 2 });
  });

  it('refuses a write over the namespace quota when it is made', async () => {
    const { call } = setup({ ...DEFAULT_KV_QUOTAS, maxKeys: 2 });
    const txn = call();
    await txn.put('a', '1');
    await txn.put('b', '2');
    await expect(txn.put('c', '3')).rejects.toThrow(/more than 2 keys/);
    expect(txn.get('c')).toBeNull();
    await txn.put('a', 'replaced');
    expect(txn.writes().map((w) => w.key)).toEqual(['a', 'b']);
  });

  it('lets one writer at a time hold a namespace, so a second writer sees the first one’s commit', async () => {
    const { kv, commits } = setup();
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
    commits.commit(first.ns, first.writes(), undefined);
    first.close();
    await secondWrite;
    commits.commit(second.ns, second.writes(), undefined);
    second.close();
    other.close();
    expect(kv.get('tenant/ext', 'n')).toMatchObject({ value: '2', revision: 2 });
    expect(locks.held).toBe(0);
  });

  it('gives up a lock granted after the call ended', async () => {
    const { kv } = setup();
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

describe('compareKeys', () => {
  it('orders keys as their UTF-8 bytes do', () => {
    const keys = ['b', 'a', 'ab', '', 'é', '\u{1F600}', '\uFF21', '\uE000', 'z', 'Z', '\u{10000}'];
    const sorted = [...keys].sort(compareKeys);
    expect(sorted).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});
