import { inTransaction, lockForTransaction, type PostgresPool } from '@extsys/postgres';
import type { CallCommitter } from './call-commit.js';
import type { IdempotencyRecord } from './idempotency.js';
import type { KvWrite } from './kv-store.js';
import type { PostgresIdempotencyRecords } from './postgres-idempotency.js';
import { kvLockName, type PostgresKvStore } from './postgres-kv-store.js';

/**
 * A call's writes and idempotency record in one PostgreSQL transaction (see CallCommitter). The
 * namespace lock comes first, then the record, then the writes: a second replica committing the
 * same key waits for the lock, then finds the first one's record (IdempotencyKeyTaken) before any
 * revision check — it replays that answer instead of running the call again. Taking the lock before
 * the record also means two transactions never wait for each other in opposite orders.
 */
export class PostgresCallCommitter implements CallCommitter {
  constructor(
    private readonly pool: PostgresPool,
    private readonly kv: PostgresKvStore,
    private readonly records: PostgresIdempotencyRecords,
    private readonly now: () => number = Date.now,
  ) {}

  async commit(ns: string, writes: readonly KvWrite[], record: IdempotencyRecord | undefined): Promise<void> {
    if (writes.length === 0 && !record) return;
    await inTransaction(this.pool, async (client) => {
      if (writes.length > 0) await lockForTransaction(client, kvLockName(ns));
      if (record) await this.records.insertIn(client, record, this.now());
      await this.kv.applyIn(client, ns, writes);
    });
  }
}
