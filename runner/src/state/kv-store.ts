import type { RunnerDatabase } from './database.js';

/** Quotas of the KV store, per namespace (= tenant + extension). */
export interface KvQuotas {
  maxKeyBytes: number;
  maxValueBytes: number;
  maxKeys: number;
  maxBytes: number;
}

export const DEFAULT_KV_QUOTAS: KvQuotas = {
  maxKeyBytes: 512,
  maxValueBytes: 256 * 1024,
  maxKeys: 10_000,
  maxBytes: 32 * 1024 * 1024,
};

export interface KvItem {
  key: string;
  value: string;
  revision: number;
}

/** A namespace's size: keys, and bytes of keys plus values. */
export interface KvUsage {
  keys: number;
  bytes: number;
}

/**
 * One key's final state after a call: its new value (`null`: deleted) and revision, and the
 * revision the key had when the call first saw it — the commit applies the write only if the key
 * is still there.
 */
export interface KvWrite {
  key: string;
  value: string | null;
  revision: number;
  baseRevision: number;
}

/** A refusal the handler is told about (answered as data, never a trap). */
export class KvError extends Error {
  constructor(
    readonly code: 'conflict' | 'quota_exceeded' | 'validation_failed',
    message: string,
  ) {
    super(message);
  }
}

/** At commit: another call changed a key this call wrote since this call saw it. The call runs again. */
export class KvCommitConflict extends Error {
  constructor(readonly key: string) {
    super(`key "${key}" was changed by a concurrent call`);
  }
}

/**
 * The durable store behind the `storage.kv` capability: one row per key, namespaced by tenant +
 * extension so that no handler can see another tenant's or another extension's data. Handlers never
 * write here directly: a call's writes are buffered in its KvTransaction and applied together by
 * `apply`, inside the transaction that also stores the call's idempotency record.
 */
export class KvStore {
  private readonly statements;

  constructor(
    private readonly database: RunnerDatabase,
    readonly quotas: KvQuotas = DEFAULT_KV_QUOTAS,
  ) {
    const { db } = database;
    this.statements = {
      get: db.prepare<[string, string], KvItem>('SELECT key, value, revision FROM kv WHERE ns = ? AND key = ?'),
      upsert: db.prepare(
        'INSERT INTO kv (ns, key, value, revision) VALUES (?, ?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, revision = excluded.revision',
      ),
      delete: db.prepare('DELETE FROM kv WHERE ns = ? AND key = ?'),
      usage: db.prepare<[string], { keys: number; bytes: number | null }>(
        'SELECT count(*) AS keys, sum(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))) AS bytes FROM kv WHERE ns = ?',
      ),
      list: db.prepare<[string, string, string, string, number], KvItem>(
        'SELECT key, value, revision FROM kv WHERE ns = ? AND key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?',
      ),
    };
  }

  static namespace(tenantId: string, extensionId: string): string {
    return `${tenantId}/${extensionId}`;
  }

  get(ns: string, key: string): KvItem | null {
    return this.statements.get.get(ns, key) ?? null;
  }

  /** Up to `count` items with `prefix`, in key order, after `cursor`. */
  scan(ns: string, prefix: string, cursor: string, count: number): KvItem[] {
    return this.statements.list.all(ns, prefix, `${prefix}\u{10FFFF}`, cursor, count);
  }

  usage(ns: string): KvUsage {
    const row = this.statements.usage.get(ns);
    return { keys: row?.keys ?? 0, bytes: row?.bytes ?? 0 };
  }

  /** Refuses a key or value over its size limit before anything is buffered. */
  checkSizes(key: string, value?: string): void {
    if (Buffer.byteLength(key) > this.quotas.maxKeyBytes) {
      throw new KvError('validation_failed', `key is over ${this.quotas.maxKeyBytes} bytes`);
    }
    if (value !== undefined && Buffer.byteLength(value) > this.quotas.maxValueBytes) {
      throw new KvError('quota_exceeded', `value is over ${this.quotas.maxValueBytes} bytes`);
    }
  }

  /** Refuses a namespace that grew past its quota (a namespace already over it may still shrink). */
  checkQuota(before: KvUsage, after: KvUsage): void {
    if (after.keys > this.quotas.maxKeys && after.keys > before.keys) {
      throw new KvError('quota_exceeded', `the namespace would hold more than ${this.quotas.maxKeys} keys`);
    }
    if (after.bytes > this.quotas.maxBytes && after.bytes > before.bytes) {
      throw new KvError('quota_exceeded', `the namespace would exceed ${this.quotas.maxBytes} bytes`);
    }
  }

  /**
   * Applies one call's writes. Must run inside `RunnerDatabase.transaction` (with the idempotency
   * record, when the call has a key): a KvCommitConflict or a KvError thrown here rolls back all of it.
   */
  apply(ns: string, writes: readonly KvWrite[]): void {
    if (writes.length === 0) return;
    const before = this.usage(ns);
    for (const write of writes) {
      if ((this.get(ns, write.key)?.revision ?? 0) !== write.baseRevision) throw new KvCommitConflict(write.key);
      if (write.value === null) this.statements.delete.run(ns, write.key);
      else this.statements.upsert.run(ns, write.key, write.value, write.revision);
    }
    this.checkQuota(before, this.usage(ns));
  }

  /** Writes outside any call (tests and tools): applied at once, last writer wins. */
  put(ns: string, key: string, value: string): number {
    this.checkSizes(key, value);
    return this.database.transaction(() => {
      const current = this.get(ns, key)?.revision ?? 0;
      this.apply(ns, [{ key, value, revision: current + 1, baseRevision: current }]);
      return current + 1;
    });
  }
}
