import { inTransaction, lockForTransaction, type PostgresClient, type PostgresPool } from '@extsys/postgres';
import { nanoid } from 'nanoid';
import {
  blockedForMs,
  DEFAULT_LOGIN_LIMITS,
  refusal,
  type LoginAttempt,
  type LoginAttemptStore,
  type LoginLimitOptions,
} from './login-attempt-store.js';

/**
 * Failed logins in PostgreSQL: every gateway replica counts into one window per user id and per
 * address. `begin` is one transaction under the two keys' advisory locks (always the user's, then
 * the address's, so two attempts never wait on each other in a circle): check, then count. Rows are
 * bounded: a key keeps its last `max` failures, and failures older than the window are deleted as
 * new ones come. Times are the gateways' clocks (keep them NTP-synced: a skew shifts a window by as much).
 */
export class PostgresLoginAttemptStore implements LoginAttemptStore {
  private readonly now: () => number;

  constructor(
    private readonly pool: PostgresPool,
    private readonly options: LoginLimitOptions = DEFAULT_LOGIN_LIMITS,
  ) {
    this.now = options.now ?? Date.now;
  }

  begin(userId: string, client: string): Promise<LoginAttempt> {
    const now = this.now();
    const { maxFailuresPerUser, maxFailuresPerClient, windowMs } = this.options;
    return inTransaction(this.pool, async (db) => {
      await lockForTransaction(db, `gateway:login:user:${userId}`);
      await lockForTransaction(db, `gateway:login:client:${client}`);
      const refused = refusal(
        blockedForMs(await this.times(db, 'user', userId, now, maxFailuresPerUser), maxFailuresPerUser, windowMs, now),
        blockedForMs(
          await this.times(db, 'client', client, now, maxFailuresPerClient),
          maxFailuresPerClient,
          windowMs,
          now,
        ),
      );
      if (refused) return refused;
      const attempt = nanoid(16);
      await db.query(
        "INSERT INTO login_failures (scope, key, attempt, at_ms) VALUES ('user', $1, $3, $4), ('client', $2, $3, $4)",
        [userId, client, attempt, now],
      );
      // Bounded rows: stale failures of every key (indexed by time), and this key's beyond its last `max`.
      await db.query('DELETE FROM login_failures WHERE at_ms <= $1', [now - windowMs]);
      for (const [scope, key, max] of [
        ['user', userId, maxFailuresPerUser],
        ['client', client, maxFailuresPerClient],
      ] as const) {
        await db.query(
          `DELETE FROM login_failures WHERE scope = $1 AND key = $2 AND attempt NOT IN (
             SELECT attempt FROM login_failures WHERE scope = $1 AND key = $2 ORDER BY at_ms DESC, attempt LIMIT $3)`,
          [scope, key, max],
        );
      }
      return { ok: true, attempt };
    });
  }

  async succeeded(attempt: string, userId: string, client: string): Promise<void> {
    await this.pool.query(
      "DELETE FROM login_failures WHERE (scope = 'user' AND key = $1) OR (scope = 'client' AND key = $2 AND attempt = $3)",
      [userId, client, attempt],
    );
  }

  /** The key's failure times inside the window, the newest `max`. */
  private async times(db: PostgresClient, scope: string, key: string, now: number, max: number): Promise<number[]> {
    const { rows } = await db.query<{ at_ms: string }>(
      'SELECT at_ms FROM login_failures WHERE scope = $1 AND key = $2 AND at_ms > $3 ORDER BY at_ms DESC LIMIT $4',
      [scope, key, now - this.options.windowMs, max],
    );
    return rows.map((row) => Number(row.at_ms));
  }
}
