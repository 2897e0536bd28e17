import type { KvStore } from '../capabilities/kv-store.js';
import type { KvTransaction } from '../capabilities/kv-transaction.js';
import type { IdempotencyRecord, IdempotencyStore } from '../engine/idempotency.js';
import type { RunnerDatabase } from './database.js';

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

  commit(call: KvTransaction, record: IdempotencyRecord | undefined): void {
    const writes = call.writes();
    if (writes.length === 0 && !record) return;
    this.database.transaction(() => {
      this.kv.apply(call.ns, writes);
      if (record) this.idempotency.insert(record);
    });
  }
}
