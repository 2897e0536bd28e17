import type { PostgresPool } from '@extsys/postgres';
import type { RateLimitDecision, RateLimitStore, TokenBucketOptions } from '@extsys/host-server';

/** How often one process deletes the buckets that are full again (idle keys). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The extension API's call rate limit in PostgreSQL: one token bucket per key (tenant + extension)
 * shared by every gateway replica, so the limit holds across them. A take is ONE statement (an
 * upsert whose row lock serialises concurrent takes of one key from any replica): refill by the
 * time since the last take, then take a token if there is one. Time is the database's clock
 * (`clock_timestamp()`), the one clock all replicas share; tests may pass their own.
 */
export function postgresRateLimit(
  pool: PostgresPool,
  options: TokenBucketOptions,
  clock?: () => number,
): RateLimitStore & { sweep(): Promise<number> } {
  const { capacity, refillPerSecond } = options;
  if (!(capacity >= 1) || !(refillPerSecond > 0)) {
    throw new RangeError('postgresRateLimit: capacity must be at least 1 and refillPerSecond above 0');
  }
  // The bucket's level now: what it held, refilled by the time since (never past capacity).
  const level = 'LEAST($2::float8, b.tokens + GREATEST(0, excluded.at_ms - b.at_ms) / 1000.0 * $3::float8)';
  const take = `
    INSERT INTO call_rate_buckets AS b (key, tokens, at_ms, granted)
    VALUES ($1, $2::float8 - 1, COALESCE($4::float8, EXTRACT(EPOCH FROM clock_timestamp()) * 1000), true)
    ON CONFLICT (key) DO UPDATE SET
      tokens = CASE WHEN ${level} >= 1 THEN ${level} - 1 ELSE ${level} END,
      granted = ${level} >= 1,
      at_ms = GREATEST(b.at_ms, excluded.at_ms)
    RETURNING tokens, granted`;
  const fullAfterMs = (capacity / refillPerSecond) * 1000;
  let lastSweep = 0;

  const sweep = async (): Promise<number> => {
    // A bucket idle long enough to be full again is the same as no bucket: its row goes.
    const { rowCount } = await pool.query(
      `DELETE FROM call_rate_buckets
       WHERE at_ms < COALESCE($1::float8, EXTRACT(EPOCH FROM clock_timestamp()) * 1000) - $2::float8`,
      [clock?.() ?? null, fullAfterMs],
    );
    return rowCount ?? 0;
  };

  return {
    async take(key: string): Promise<RateLimitDecision> {
      const { rows } = await pool.query<{ tokens: number; granted: boolean }>(take, [
        // Bytes, not text: the kit's keys join tenant and extension with a NUL, which text cannot hold.
        Buffer.from(key, 'utf8'),
        capacity,
        refillPerSecond,
        clock?.() ?? null,
      ]);
      const now = Date.now();
      if (now - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = now;
        // Off the call's path; a failed sweep only leaves idle rows for the next one.
        sweep().catch(() => undefined);
      }
      const bucket = rows[0]!;
      if (bucket.granted) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond)) };
    },
    sweep,
  };
}
