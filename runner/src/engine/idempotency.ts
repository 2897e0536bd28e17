import { LRUCache } from 'lru-cache';
import { RunnerError } from '../errors.js';

/** A stored answer: replayed byte for byte. */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

interface Entry {
  fingerprint: string;
  answer: Promise<StoredAnswer>;
  size: number;
}

/**
 * Idempotency keys, scoped to tenant + extension + key (so one tenant's key can never replay
 * another's answer), kept for a TTL in a byte-bounded LRU. A replay gets the stored bytes; a
 * concurrent duplicate waits for the first; the same key with a different request is a conflict.
 * Only answers the handler produced are stored: a refusal or a timeout may be retried.
 */
export class IdempotencyStore {
  private readonly entries: LRUCache<string, Entry>;

  constructor(options: { ttlMs: number; maxBytes: number }) {
    this.entries = new LRUCache<string, Entry>({
      ttl: options.ttlMs,
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => entry.size,
    });
  }

  async run(
    scope: { tenantId: string; extensionId: string; key: string },
    fingerprint: string,
    produce: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer & { replayed: boolean }> {
    const id = `${scope.tenantId}\u0000${scope.extensionId}\u0000${scope.key}`;
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new RunnerError(
          'idempotency_conflict',
          `Idempotency-Key "${scope.key}" was already used for a different request; use a new key`,
        );
      }
      return { ...(await existing.answer), replayed: true };
    }
    const answer = produce();
    const entry: Entry = { fingerprint, answer, size: 1024 };
    this.entries.set(id, entry);
    try {
      const stored = await answer;
      // Re-set with the real size now that it is known (the LRU evicts by bytes).
      if (this.entries.get(id) === entry) this.entries.set(id, { ...entry, size: stored.body.byteLength + 256 });
      return { ...stored, replayed: false };
    } catch (error) {
      if (this.entries.get(id) === entry) this.entries.delete(id);
      throw error;
    }
  }
}
