import type { CallCommitter } from './call-commit.js';
import type { IdempotencyRecord } from './idempotency.js';
import type { KvWrite } from './kv-store.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteIdempotencyRecords } from './sqlite-idempotency.js';
import type { SqliteKvStore } from './sqlite-kv-store.js';

/** A call's writes and idempotency record, in one SQLite write transaction (see CallCommitter). */
export class SqliteCallCommitter implements CallCommitter {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly kv: SqliteKvStore,
    private readonly records: SqliteIdempotencyRecords,
    private readonly now: () => number = Date.now,
  ) {}

  // async: a throw inside the transaction (conflict, quota, key taken) becomes the promise's rejection.
  async commit(ns: string, writes: readonly KvWrite[], record: IdempotencyRecord | undefined): Promise<void> {
    if (writes.length === 0 && !record) return;
    this.database.transaction(() => {
      // The record first: a key another process committed is found before any revision check.
      if (record) this.records.insert(record, this.now());
      this.kv.apply(ns, writes);
    });
  }
}
