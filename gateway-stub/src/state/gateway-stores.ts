import type { RateLimitStore } from '@extsys/host-server';
import type { LoginAttemptStore } from './login-attempt-store.js';
import type { PublisherStore } from './publisher-store.js';
import type { RegistryStore } from './registry-store.js';
import type { SessionStore } from './session-store.js';
import type { ViewStateStore } from './view-state-store.js';

/**
 * Every piece of the gateway's state, one store per concern: on SQLite and in memory
 * (sqlite-stores.ts, one process: the default) or on PostgreSQL (postgres-stores.ts, with
 * `DATABASE_URL`: shared by every replica).
 */
export interface GatewayStores {
  kind: 'sqlite' | 'postgres';
  registry: RegistryStore;
  sessions: SessionStore;
  publishers: PublisherStore;
  viewStates: ViewStateStore;
  loginAttempts: LoginAttemptStore;
  /** The extension API's call rate limit (host-server's interface). */
  rateLimit: RateLimitStore;
  /**
   * Whether this process is the only writer of the state, so that caching an install until this
   * process changes it is correct (SQLite); with replicas, another process may change it.
   */
  soleWriter: boolean;
  close(): Promise<void>;
}
