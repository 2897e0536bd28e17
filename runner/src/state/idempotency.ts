import { RunnerError } from '../errors.js';
import type { RunnerDatabase } from './database.js';

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

/** What a call with a key runs: it must commit `remember(answer)` with its writes, in one transaction. */
export type KeyedCall = (remember: (answer: StoredAnswer) => IdempotencyRecord) => Promise<StoredAnswer>;

interface Row {
  fingerprint: string;
  status: number;
  content_type: string;
  body: Buffer;
}

const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 1000;

/**
 * Idempotency keys, scoped to tenant + extension + key (one tenant's key never replays another's
 * answer). The answer of a call with a key is stored in the runner's database in the same
 * transaction as the call's KV writes, so a retry either finds the answer (the call was applied:
 * it is replayed, `Idempotent-Replayed: true`) or finds nothing and nothing applied (the call runs).
 * A duplicate that arrives while the first is running waits for it; the same key with a different
 * request is a conflict. Only answers the handler produced are stored: a refusal or a timeout may
 * be retried. Records live on disk for their TTL: memory holds only the calls in flight.
 */
export class IdempotencyStore {
  private readonly inFlight = new Map<string, { fingerprint: string; answer: Promise<StoredAnswer> }>();
  private readonly statements;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    database: RunnerDatabase,
    private readonly options: { ttlMs: number; now?: () => number },
  ) {
    const { db } = database;
    this.statements = {
      find: db.prepare<[string, number], Row>(
        'SELECT fingerprint, status, content_type, body FROM idempotency WHERE id = ? AND expires_at > ?',
      ),
      dropExpired: db.prepare('DELETE FROM idempotency WHERE id = ? AND expires_at <= ?'),
      insert: db.prepare(
        'INSERT INTO idempotency (id, fingerprint, status, content_type, body, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      sweep: db.prepare(
        'DELETE FROM idempotency WHERE id IN (SELECT id FROM idempotency WHERE expires_at <= ? LIMIT ?)',
      ),
    };
    this.sweeper = setInterval(() => this.sweep(), Math.min(options.ttlMs, SWEEP_EVERY_MS));
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
          continue; // the first failed and stored nothing: this one runs the call itself
        }
      }
      const stored = this.statements.find.get(id, this.now());
      if (stored) {
        if (stored.fingerprint !== fingerprint) throw conflict();
        return {
          status: stored.status,
          contentType: stored.content_type,
          body: new Uint8Array(stored.body),
          replayed: true,
        };
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
      } finally {
        this.inFlight.delete(id);
      }
    }
  }

  /** Stores a record; call it inside the transaction that commits the call's writes. */
  insert(record: IdempotencyRecord): void {
    this.statements.dropExpired.run(record.id, this.now());
    const { answer } = record;
    this.statements.insert.run(
      record.id,
      record.fingerprint,
      answer.status,
      answer.contentType,
      Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength),
      record.expiresAt,
    );
  }

  /** Deletes expired records, a batch at a time (a long delete would hold the database). */
  sweep(): number {
    let deleted = 0;
    for (;;) {
      const changes = this.statements.sweep.run(this.now(), SWEEP_BATCH).changes;
      deleted += changes;
      if (changes < SWEEP_BATCH) return deleted;
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
