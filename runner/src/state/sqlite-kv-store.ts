import type { SqliteDatabase } from './sqlite-database.js';
import {
  DEFAULT_KV_QUOTAS,
  KvCommitConflict,
  checkKvQuota,
  checkKvSizes,
  type KvItem,
  type KvQuotas,
  type KvStore,
  type KvUsage,
  type KvWrite,
} from './kv-store.js';

/**
 * The KV store in the runner's SQLite file (see KvStore). Reads are synchronous statements behind
 * the async interface: a `kv_get` during a call costs one prepared SELECT and a resolved promise.
 */
export class SqliteKvStore implements KvStore {
  private readonly statements;

  constructor(
    private readonly database: SqliteDatabase,
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

  private getNow(ns: string, key: string): KvItem | null {
    return this.statements.get.get(ns, key) ?? null;
  }

  private usageNow(ns: string): KvUsage {
    const row = this.statements.usage.get(ns);
    return { keys: row?.keys ?? 0, bytes: row?.bytes ?? 0 };
  }

  get(ns: string, key: string): Promise<KvItem | null> {
    return Promise.resolve(this.getNow(ns, key));
  }

  scan(ns: string, prefix: string, cursor: string, count: number): Promise<KvItem[]> {
    return Promise.resolve(this.statements.list.all(ns, prefix, `${prefix}\u{10FFFF}`, cursor, count));
  }

  usage(ns: string): Promise<KvUsage> {
    return Promise.resolve(this.usageNow(ns));
  }

  /**
   * Applies one call's writes. Must run inside `SqliteDatabase.transaction` (with the idempotency
   * record, when the call has a key): a KvCommitConflict or a KvError thrown here rolls back all of it.
   */
  apply(ns: string, writes: readonly KvWrite[]): void {
    if (writes.length === 0) return;
    const before = this.usageNow(ns);
    for (const write of writes) {
      if ((this.getNow(ns, write.key)?.revision ?? 0) !== write.baseRevision) throw new KvCommitConflict(write.key);
      if (write.value === null) this.statements.delete.run(ns, write.key);
      else this.statements.upsert.run(ns, write.key, write.value, write.revision);
    }
    checkKvQuota(this.quotas, before, this.usageNow(ns));
  }

  // async: a refusal (size, quota) becomes the promise's rejection.
  async put(ns: string, key: string, value: string): Promise<number> {
    checkKvSizes(this.quotas, key, value);
    return this.database.transaction(() => {
      const current = this.getNow(ns, key)?.revision ?? 0;
      this.apply(ns, [{ key, value, revision: current + 1, baseRevision: current }]);
      return current + 1;
    });
  }
}
