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

/** A namespace's size: keys, and bytes of keys plus values (their UTF-8). */
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
 * The durable store behind the `storage.kv` capability, read side: one row per key, namespaced by
 * tenant + extension so that no handler can see another tenant's or another extension's data.
 * Handlers never write here directly: a call's writes are buffered in its KvTransaction and applied
 * together by a CallCommitter, in the transaction that also stores the call's idempotency record.
 * Two implementations: SQLite (sqlite-kv-store.ts, one process or one file) and PostgreSQL
 * (postgres-kv-store.ts, shared by replicas).
 */
export interface KvStore {
  readonly quotas: KvQuotas;
  get(ns: string, key: string): Promise<KvItem | null>;
  /** Up to `count` items with `prefix`, in key order (UTF-8 bytes, see key-order.ts), after `cursor`. */
  scan(ns: string, prefix: string, cursor: string, count: number): Promise<KvItem[]>;
  usage(ns: string): Promise<KvUsage>;
  /** Writes outside any call (tests and tools): applied at once, last writer wins; the new revision. */
  put(ns: string, key: string, value: string): Promise<number>;
}

/** The namespace of a tenant's extension: the unit of isolation, quota and write lock. */
export function kvNamespace(tenantId: string, extensionId: string): string {
  return `${tenantId}/${extensionId}`;
}

/** Refuses a key or value over its size limit before anything is buffered. */
export function checkKvSizes(quotas: KvQuotas, key: string, value?: string): void {
  if (Buffer.byteLength(key) > quotas.maxKeyBytes) {
    throw new KvError('validation_failed', `key is over ${quotas.maxKeyBytes} bytes`);
  }
  if (value !== undefined && Buffer.byteLength(value) > quotas.maxValueBytes) {
    throw new KvError('quota_exceeded', `value is over ${quotas.maxValueBytes} bytes`);
  }
}

/** Refuses a namespace that grew past its quota (a namespace already over it may still shrink). */
export function checkKvQuota(quotas: KvQuotas, before: KvUsage, after: KvUsage): void {
  if (after.keys > quotas.maxKeys && after.keys > before.keys) {
    throw new KvError('quota_exceeded', `the namespace would hold more than ${quotas.maxKeys} keys`);
  }
  if (after.bytes > quotas.maxBytes && after.bytes > before.bytes) {
    throw new KvError('quota_exceeded', `the namespace would exceed ${quotas.maxBytes} bytes`);
  }
}
