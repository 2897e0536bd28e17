import type { ContentHash, ErrorCode, ErrorDetails } from '@extsys/protocol';
import { LRUCache } from 'lru-cache';
import { RunnerError } from '../errors.js';

export interface NegativeCacheOptions {
  /** How long a refusal is answered from memory; 0 disables the cache. */
  ttlMs: number;
  /** Most hashes remembered at once (least recently refused forgotten first); 0 disables the cache. */
  maxEntries: number;
}

interface Refusal {
  code: ErrorCode;
  message: string;
  details: ErrorDetails | undefined;
}

/**
 * Content hashes the runner recently refused, so that asking again for them (the ext-ui routes need
 * no credential) costs a map lookup instead of a bundle-store fetch. Entries expire after a short,
 * fixed TTL that repeated hits do not extend: a bundle published (or a signature uploaded) after a
 * refusal becomes servable at most one TTL later, however often clients retry meanwhile. Holds only
 * what the caller decided is a property of the stored object (not found, bytes that failed
 * verification); the cache itself never turns one refusal into another.
 */
export class NegativeCache {
  private readonly entries: LRUCache<ContentHash, Refusal> | undefined;

  constructor(options: NegativeCacheOptions) {
    this.entries =
      options.ttlMs > 0 && options.maxEntries > 0
        ? new LRUCache<ContentHash, Refusal>({ max: options.maxEntries, ttl: options.ttlMs, updateAgeOnGet: false })
        : undefined;
  }

  get enabled(): boolean {
    return this.entries !== undefined;
  }

  /** Hashes remembered (expired entries may still count until looked up or pushed out). */
  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** The remembered refusal for `contentHash`, as a fresh error with the original code and message. */
  get(contentHash: ContentHash): RunnerError | undefined {
    const refusal = this.entries?.get(contentHash);
    return refusal && new RunnerError(refusal.code, refusal.message, refusal.details);
  }

  remember(contentHash: ContentHash, error: RunnerError): void {
    this.entries?.set(contentHash, { code: error.code, message: error.message, details: error.details });
  }
}
