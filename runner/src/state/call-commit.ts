import type { IdempotencyRecord } from './idempotency.js';
import type { KvWrite } from './kv-store.js';

/**
 * Commits what one call did: its KV writes and, for a call with an idempotency key, its stored
 * answer — in one transaction, so they are applied together or not at all. Throws, with nothing
 * written: KvCommitConflict (another call changed a key first: run the call again), KvError
 * `quota_exceeded`, or IdempotencyKeyTaken (another replica committed the same key first: replay its
 * answer). Two implementations: SQLite (sqlite-call-commit.ts) and PostgreSQL (postgres-call-commit.ts).
 */
export interface CallCommitter {
  /** Applies `writes` (a call's KvTransaction.writes()) to namespace `ns`, with `record` when it has a key. */
  commit(ns: string, writes: readonly KvWrite[], record: IdempotencyRecord | undefined): Promise<void>;
}

/**
 * At commit: a live record with this idempotency id exists already — another runner sharing the
 * database ran the same call at the same time and committed first. Nothing of this call was written.
 */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('another call with this idempotency key committed first');
  }
}
