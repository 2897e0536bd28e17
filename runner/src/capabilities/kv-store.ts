import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

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

export class KvError extends Error {
  constructor(
    readonly code: 'conflict' | 'quota_exceeded' | 'validation_failed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The durable store behind the `storage.kv` capability: SQLite (better-sqlite3, WAL), one row per
 * key, namespaced by tenant + extension so that no handler can see another tenant's or another
 * extension's data. Every write bumps the key's revision (optimistic concurrency via `ifRevision`).
 */
export class KvStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(
    path: string,
    private readonly quotas: KvQuotas = DEFAULT_KV_QUOTAS,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS kv (
      ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, revision INTEGER NOT NULL,
      PRIMARY KEY (ns, key)) WITHOUT ROWID`);
    this.statements = {
      get: this.db.prepare<[string, string], KvItem>('SELECT key, value, revision FROM kv WHERE ns = ? AND key = ?'),
      upsert: this.db.prepare(
        'INSERT INTO kv (ns, key, value, revision) VALUES (?, ?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, revision = excluded.revision',
      ),
      delete: this.db.prepare('DELETE FROM kv WHERE ns = ? AND key = ?'),
      usage: this.db.prepare<[string], { keys: number; bytes: number | null }>(
        'SELECT count(*) AS keys, sum(length(key) + length(value)) AS bytes FROM kv WHERE ns = ?',
      ),
      list: this.db.prepare<[string, string, string, string, number], KvItem>(
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

  put(ns: string, key: string, value: string, ifRevision?: number): number {
    if (Buffer.byteLength(key) > this.quotas.maxKeyBytes) {
      throw new KvError('validation_failed', `key is over ${this.quotas.maxKeyBytes} bytes`);
    }
    if (Buffer.byteLength(value) > this.quotas.maxValueBytes) {
      throw new KvError('quota_exceeded', `value is over ${this.quotas.maxValueBytes} bytes`);
    }
    return this.db.transaction(() => {
      const current = this.get(ns, key);
      if (ifRevision !== undefined && (current?.revision ?? 0) !== ifRevision) {
        throw new KvError('conflict', `key "${key}" is at revision ${current?.revision ?? 0}, not ${ifRevision}`);
      }
      const usage = this.statements.usage.get(ns) ?? { keys: 0, bytes: 0 };
      const delta =
        Buffer.byteLength(key) +
        Buffer.byteLength(value) -
        (current ? Buffer.byteLength(key) + Buffer.byteLength(current.value) : 0);
      if (!current && usage.keys >= this.quotas.maxKeys) {
        throw new KvError('quota_exceeded', `the namespace already holds ${this.quotas.maxKeys} keys`);
      }
      if ((usage.bytes ?? 0) + delta > this.quotas.maxBytes) {
        throw new KvError('quota_exceeded', `the namespace would exceed ${this.quotas.maxBytes} bytes`);
      }
      const revision = (current?.revision ?? 0) + 1;
      this.statements.upsert.run(ns, key, value, revision);
      return revision;
    })();
  }

  delete(ns: string, key: string, ifRevision?: number): boolean {
    return this.db.transaction(() => {
      const current = this.get(ns, key);
      if (ifRevision !== undefined && (current?.revision ?? 0) !== ifRevision) {
        throw new KvError('conflict', `key "${key}" is at revision ${current?.revision ?? 0}, not ${ifRevision}`);
      }
      return this.statements.delete.run(ns, key).changes > 0;
    })();
  }

  /** Keys in order, from after `cursor` (the last key of the previous page). */
  list(ns: string, prefix = '', cursor = '', limit = 100): { items: KvItem[]; cursor: string | null } {
    const upper = `${prefix}\u{10FFFF}`;
    const items = this.statements.list.all(ns, prefix, upper, cursor, limit + 1);
    const more = items.length > limit;
    const page = more ? items.slice(0, limit) : items;
    return { items: page, cursor: more ? (page[page.length - 1]?.key ?? null) : null };
  }

  close(): void {
    this.db.close();
  }
}
