import type { RunnerDatabase } from './database.js';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency.js';
import type { KvStore, KvWrite } from './kv-store.js';

/**
 * Commits what one call did: its KV writes and, for a call with an idempotency key, its stored
 * answer — in one transaction, so they are applied together or not at all. Throws
 * KvCommitConflict (another call changed a key first: run the call again) or KvError
 * `quota_exceeded`, with nothing written.
 */
export class CallCommitter {
  constructor(
    private readonly database: RunnerDatabase,
    private readonly kv: KvStore,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /** Applies `writes` (a call's KvTransaction.writes()) to namespace `ns`, with `record` when it has a key. */
  commit(ns: string, writes: readonly KvWrite[], record: IdempotencyRecord | undefined): void {
    if (writes.length === 0 && !record) return;
    this.database.transaction(() => {
      this.kv.apply(ns, writes);
      if (record) this.idempotency.insert(record);
    });
  }
}
