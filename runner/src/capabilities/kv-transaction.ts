import {
  KvError,
  checkKvQuota,
  checkKvSizes,
  type KvItem,
  type KvStore,
  type KvUsage,
  type KvWrite,
} from '../state/kv-store.js';
import type { NamespaceLocks } from './namespace-lock.js';
import { compareKeys } from '../state/key-order.js';

interface Pending {
  /** `null`: deleted by this call. */
  value: string | null;
  revision: number;
}

/**
 * One call's view of its KV namespace. Reads see the store plus the call's own writes; writes are
 * buffered and reach the store only when the call has answered, all together, in the transaction
 * that also stores its idempotency record (see CallCommitter). So a call that traps, times out or is
 * killed with its runner leaves nothing applied, and a retry of it is never applied twice.
 *
 * Conflicts: each written key remembers the revision the call last saw it at (by a read, or at its
 * first write). If another call changed the key before this one commits, the commit fails and the
 * call runs again — a read-modify-write never loses an update, with or without `ifRevision`.
 * `ifRevision` is checked against the store at once, so a handler's own retry loop still works.
 * With `locks`, a call holds its namespace's write lock from its first write until `close()`, so
 * writers of one namespace take turns instead of colliding at commit (see NamespaceLocks).
 */
export class KvTransaction {
  private readonly pending = new Map<string, Pending>();
  /** The revision each key had in the store when the call last read it (0: absent). */
  private readonly observed = new Map<string, number>();
  /** The revision a written key must still have at commit. */
  private readonly bases = new Map<string, number>();
  /** Bytes (key + value) a written key had in the store when the call first wrote it (0: absent). */
  private readonly storedBytes = new Map<string, number>();

  private locking: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly store: KvStore,
    readonly ns: string,
    private readonly locks?: NamespaceLocks,
  ) {}

  /** Ends the call's hold on its namespace (after its commit, or when it failed). */
  close(): void {
    this.closed = true;
    this.release?.();
  }

  private async writeLock(): Promise<void> {
    if (!this.locks) return;
    this.locking ??= this.locks.acquire(this.ns).then((release) => {
      // A call that ended while it waited (its deadline passed) must not keep the lock it got.
      if (this.closed) release();
      else this.release = release;
    });
    await this.locking;
    if (this.closed) throw new KvError('conflict', 'the call ended while it waited to write');
  }

  async get(key: string): Promise<KvItem | null> {
    const own = this.pending.get(key);
    if (own) return own.value === null ? null : { key, value: own.value, revision: own.revision };
    const item = await this.store.get(this.ns, key);
    this.observed.set(key, item?.revision ?? 0);
    return item;
  }

  async put(key: string, value: string, ifRevision?: number): Promise<number> {
    checkKvSizes(this.store.quotas, key, value);
    await this.writeLock();
    const base = await this.baseFor(key, ifRevision);
    const before = await this.usage();
    const current = this.pending.get(key);
    const revision = (current?.revision ?? base) + 1;
    // The namespace as this put would leave it: this key's bytes replace what it held before.
    const held = current ? bytesOf(key, current.value) : (this.storedBytes.get(key) ?? 0);
    const after = { keys: before.keys + (held === 0 ? 1 : 0), bytes: before.bytes - held + bytesOf(key, value) };
    checkKvQuota(this.store.quotas, before, after);
    this.pending.set(key, { value, revision });
    return revision;
  }

  async delete(key: string, ifRevision?: number): Promise<boolean> {
    checkKvSizes(this.store.quotas, key);
    await this.writeLock();
    await this.baseFor(key, ifRevision);
    const existed = (await this.get(key)) !== null;
    this.pending.set(key, { value: null, revision: 0 });
    return existed;
  }

  /** Keys in order, from after `cursor` (the last key of the previous page), the call's own writes included. */
  async list(prefix = '', cursor = '', limit = 100): Promise<{ items: KvItem[]; cursor: string | null }> {
    const inRange = (key: string) => key.startsWith(prefix) && compareKeys(key, cursor) > 0;
    let ownDeletes = 0;
    for (const [key, own] of this.pending) if (own.value === null && inRange(key)) ownDeletes++;
    // Enough stored rows that, after the call's deletes, one more than a page remains when there is one.
    const fetch = limit + 1 + ownDeletes;
    const stored = await this.store.scan(this.ns, prefix, cursor, fetch);
    const exhausted = stored.length < fetch;
    const last = stored[stored.length - 1]?.key;
    const merged = new Map(stored.map((item) => [item.key, item]));
    for (const [key, own] of this.pending) {
      // A key past the last stored row fetched may sort after rows not fetched: it belongs to a later page.
      if (!inRange(key) || (!exhausted && last !== undefined && compareKeys(key, last) > 0)) continue;
      if (own.value === null) merged.delete(key);
      else merged.set(key, { key, value: own.value, revision: own.revision });
    }
    const items = [...merged.values()].sort((a, b) => compareKeys(a.key, b.key));
    const more = items.length > limit;
    const page = more ? items.slice(0, limit) : items;
    return { items: page, cursor: more ? (page[page.length - 1]?.key ?? null) : null };
  }

  /** What the commit applies: each written key's final state. */
  writes(): KvWrite[] {
    return [...this.pending].map(([key, own]) => ({
      key,
      value: own.value,
      revision: own.revision,
      baseRevision: this.bases.get(key) ?? 0,
    }));
  }

  /**
   * Checks `ifRevision` and fixes the revision the key must still have at commit. A key this call
   * already wrote is checked against its own write; any other against the store as it is now.
   */
  private async baseFor(key: string, ifRevision: number | undefined): Promise<number> {
    const own = this.pending.get(key);
    if (own) {
      const ownRevision = own.value === null ? 0 : own.revision;
      if (ifRevision !== undefined && ifRevision !== ownRevision) {
        throw new KvError('conflict', `key "${key}" is at revision ${ownRevision}, not ${ifRevision}`);
      }
      return this.bases.get(key) ?? 0;
    }
    const stored = await this.store.get(this.ns, key);
    const live = stored?.revision ?? 0;
    if (ifRevision !== undefined && ifRevision !== live) {
      throw new KvError('conflict', `key "${key}" is at revision ${live}, not ${ifRevision}`);
    }
    // Conditioned on the store as it is now, or else on what the call read (a blind write after a
    // read must not overwrite a change the call never saw).
    const base = ifRevision !== undefined ? live : (this.observed.get(key) ?? live);
    this.bases.set(key, base);
    this.storedBytes.set(key, stored ? bytesOf(key, stored.value) : 0);
    return base;
  }

  /**
   * The namespace's size as this call would leave it: the store's, with each written key's bytes
   * as the call leaves them instead of as they were when it first wrote them (a guess the commit
   * checks again against the store as it is then).
   */
  private async usage(): Promise<KvUsage> {
    const usage = await this.store.usage(this.ns);
    for (const [key, own] of this.pending) {
      const stored = this.storedBytes.get(key) ?? 0;
      usage.keys += (own.value === null ? 0 : 1) - (stored > 0 ? 1 : 0);
      usage.bytes += bytesOf(key, own.value) - stored;
    }
    return usage;
  }
}

/** Bytes a key holds in the store with `value` (0: absent). */
function bytesOf(key: string, value: string | null): number {
  return value === null ? 0 : Buffer.byteLength(key) + Buffer.byteLength(value);
}
