import { RunnerError } from '../errors.js';
import { IdempotencyKeyTaken } from './call-commit.js';

/** A stored answer: replayed byte for byte. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** Who a key belongs to: the same key in another scope is another key. */
export interface IdempotencyScope {
  tenantId: string;
  extensionId: string;
  key: string;
}

/** The row a call's commit stores with its KV writes (see CallCommitter). */
export interface IdempotencyRecord {
  id: string;
  fingerprint: string;
  answer: StoredAnswer;
  expiresAt: number;
}

/**
 * Where idempotency records are kept, read side (a CallCommitter writes them, with the call's KV
 * writes). Two implementations: SQLite (sqlite-idempotency.ts) and PostgreSQL (postgres-idempotency.ts).
 */
export interface IdempotencyRecords {
  /** The live record of `id` (expiring after `now`), or null. */
  find(id: string, now: number): Promise<Pick<IdempotencyRecord, 'fingerprint' | 'answer'> | null>;
  /** Deletes up to `batch` records expired at `now`; how many. */
  sweep(now: number, batch: number): Promise<number>;
}

/** What a call with a key runs: it must commit `remember(answer)` with its writes, in one transaction. */
export type KeyedCall = (remember: (answer: StoredAnswer) => IdempotencyRecord) => Promise<StoredAnswer>;

const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 1000;

/**
 * Idempotency keys, scoped to tenant + extension + key (one tenant's key never replays another's
 * answer). The answer of a call with a key is stored in the runner's database in the same
 * transaction as the call's KV writes, so a retry either finds the answer (the call was applied:
 * it is replayed, `Idempotent-Replayed: true`) or finds nothing and nothing applied (the call runs).
 * A duplicate that arrives at this process while the first is running waits for it; one that runs
 * at the same time on another replica (sharing the database) loses at commit, where the record's
 * unique id refuses it (IdempotencyKeyTaken): its writes roll back and it replays the winner's
 * answer. The same key with a different request is a conflict. Only answers the handler produced
 * are stored: a refusal or a timeout may be retried. Records live in the database for their TTL:
 * memory holds only the calls in flight.
 */
export class IdempotentCalls {
  private readonly inFlight = new Map<string, { fingerprint: string; answer: Promise<StoredAnswer> }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly records: IdempotencyRecords,
    private readonly options: { ttlMs: number; now?: () => number; onSweepError?: (error: unknown) => void },
  ) {
    this.sweeper = setInterval(
      () => {
        // A failed sweep (the database was away) is retried at the next tick: expired records are
        // never replayed anyway (find checks the expiry).
        this.sweep().catch((error: unknown) => this.options.onSweepError?.(error));
      },
      Math.min(options.ttlMs, SWEEP_EVERY_MS),
    );
    this.sweeper.unref();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async run(
    scope: IdempotencyScope,
    fingerprint: string,
    call: KeyedCall,
  ): Promise<StoredAnswer & { replayed: boolean }> {
    const id = `${scope.tenantId}\u0000${scope.extensionId}\u0000${scope.key}`;
    const conflict = () =>
      new RunnerError(
        'idempotency_conflict',
        `Idempotency-Key "${scope.key}" was already used for a different request; use a new key`,
      );
    for (;;) {
      const running = this.inFlight.get(id);
      if (running) {
        if (running.fingerprint !== fingerprint) throw conflict();
        try {
          return { ...(await running.answer), replayed: true };
        } catch {
          continue; // the first failed and stored nothing (or lost to another replica): look again
        }
      }
      const stored = await this.records.find(id, this.now());
      // Another call with this key may have started here while the database answered.
      if (this.inFlight.has(id)) continue;
      if (stored) {
        if (stored.fingerprint !== fingerprint) throw conflict();
        return { ...stored.answer, replayed: true };
      }
      const answer = call((produced) => ({
        id,
        fingerprint,
        answer: produced,
        expiresAt: this.now() + this.options.ttlMs,
      }));
      this.inFlight.set(id, { fingerprint, answer });
      try {
        return { ...(await answer), replayed: false };
      } catch (error) {
        // Another replica committed this key first: this call's writes were rolled back; the
        // stored answer is found on the next turn (and replayed, or refused as a conflict).
        if (error instanceof IdempotencyKeyTaken) continue;
        throw error;
      } finally {
        this.inFlight.delete(id);
      }
    }
  }

  /** Deletes expired records, a batch at a time (a long delete would hold the database). */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const changes = await this.records.sweep(this.now(), SWEEP_BATCH);
      deleted += changes;
      if (changes < SWEEP_BATCH) return deleted;
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
