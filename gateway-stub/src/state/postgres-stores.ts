import type { TokenBucketOptions } from '@extsys/host-server';
import { migrate, openPool, redactDatabaseUrl, type PostgresPool } from '@extsys/postgres';
import type { GatewayStores } from './gateway-stores.js';
import type { LoginLimitOptions } from './login-attempt-store.js';
import { GATEWAY_MIGRATIONS } from './postgres-migrations.js';
import { PostgresLoginAttemptStore } from './postgres-login-attempt-store.js';
import { PostgresPublisherStore } from './postgres-publisher-store.js';
import { postgresRateLimit } from './postgres-rate-limit.js';
import { PostgresRegistryStore } from './postgres-registry-store.js';
import { PostgresSessionStore } from './postgres-session-store.js';
import { PostgresViewStateStore } from './postgres-view-state-store.js';

export interface PostgresStoreOptions {
  rateLimit: TokenBucketOptions;
  loginLimits?: LoginLimitOptions | undefined;
  /** The rate limit's clock (tests); unset, the database's. */
  rateLimitClock?: () => number;
}

/** Every store over one pool (the pool is the caller's: `close` does not end it). */
export function postgresStores(pool: PostgresPool, options: PostgresStoreOptions): GatewayStores {
  return {
    kind: 'postgres',
    registry: new PostgresRegistryStore(pool),
    sessions: new PostgresSessionStore(pool),
    publishers: new PostgresPublisherStore(pool),
    viewStates: new PostgresViewStateStore(pool),
    loginAttempts: new PostgresLoginAttemptStore(pool, options.loginLimits),
    rateLimit: postgresRateLimit(pool, options.rateLimit, options.rateLimitClock),
    soleWriter: false,
    close: async () => undefined,
  };
}

/**
 * The gateway's state in the database at `url` (`DATABASE_URL`): opens a pool, brings the
 * `gateway` tables up to date (safe when replicas start at once), and ends the pool on `close`.
 */
export async function openPostgresStores(
  url: string,
  options: PostgresStoreOptions & { onPoolError?: (message: string) => void },
): Promise<GatewayStores> {
  const pool = openPool(url, { applicationName: 'extsys-gateway', onError: options.onPoolError });
  try {
    await migrate(pool, 'gateway', GATEWAY_MIGRATIONS);
  } catch (error) {
    await pool.end();
    // Which database, never its password: the start fails here when it cannot be reached or is newer.
    throw new Error(
      `the gateway's database (DATABASE_URL ${redactDatabaseUrl(url)}) cannot be used: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { ...postgresStores(pool, options), close: () => pool.end() };
}
