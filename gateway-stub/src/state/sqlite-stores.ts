import { memoryRateLimit, type TokenBucketOptions } from '@extsys/host-server';
import type { GatewayStores } from './gateway-stores.js';
import type { LoginLimitOptions } from './login-attempt-store.js';
import { MemoryLoginAttemptStore } from './memory-login-attempt-store.js';
import { openSqliteDatabase } from './sqlite-database.js';
import { SqlitePublisherStore } from './sqlite-publisher-store.js';
import { SqliteRegistryStore } from './sqlite-registry-store.js';
import { SqliteSessionStore } from './sqlite-session-store.js';
import { SqliteViewStateStore } from './sqlite-view-state-store.js';

/** The embedded default: the data folder's SQLite file, and the two limits in this process's memory. */
export function openSqliteStores(
  dataDir: string,
  options: {
    rateLimit: TokenBucketOptions;
    loginLimits?: LoginLimitOptions | undefined;
    /** The rate limit's clock (tests); unset, this process's. */
    rateLimitClock?: () => number;
  },
): GatewayStores {
  const db = openSqliteDatabase(dataDir);
  return {
    kind: 'sqlite',
    registry: new SqliteRegistryStore(db),
    sessions: new SqliteSessionStore(db),
    publishers: new SqlitePublisherStore(db),
    viewStates: new SqliteViewStateStore(db),
    loginAttempts: new MemoryLoginAttemptStore(options.loginLimits),
    rateLimit: memoryRateLimit(options.rateLimit, options.rateLimitClock),
    soleWriter: true,
    close: async () => {
      db.close();
    },
  };
}
