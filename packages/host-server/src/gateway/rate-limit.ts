/** Whether a call may go on now, or in how many seconds it may be retried. */
export type RateLimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Calls per key (tenant + extension). The kit asks once per authorized call; a store shared by
 * several gateway processes makes the limit hold across them.
 */
export interface RateLimitStore {
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
}

export interface TokenBucketOptions {
  /** Calls at once (the burst). */
  capacity: number;
  /** Calls per second once the burst is spent. */
  refillPerSecond: number;
}

/** The in-memory default (one process): 60 calls at once, 20 per second after. */
export const DEFAULT_RATE_LIMIT: TokenBucketOptions = { capacity: 60, refillPerSecond: 20 };

/**
 * Token buckets in memory, one per key. Idle buckets are dropped once full again, so memory
 * follows the active keys.
 */
export function memoryRateLimit(
  options: TokenBucketOptions = DEFAULT_RATE_LIMIT,
  clock: () => number = Date.now,
): RateLimitStore {
  const { capacity, refillPerSecond } = options;
  if (!(capacity >= 1) || !(refillPerSecond > 0)) {
    throw new RangeError('memoryRateLimit: capacity must be at least 1 and refillPerSecond above 0');
  }
  const buckets = new Map<string, { tokens: number; at: number }>();
  const sweep = (now: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond >= capacity) buckets.delete(key);
    }
  };
  return {
    take(key) {
      const now = clock();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
      }
      bucket.tokens -= 1;
      if (buckets.size > 10_000) sweep(now);
      return { ok: true };
    },
  };
}
