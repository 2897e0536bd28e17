import pg from 'pg';
import { redactDatabaseUrl } from './database-url.js';

export type PostgresPool = pg.Pool;
export type PostgresClient = pg.PoolClient;

export interface PoolOptions {
  /** Connections at most (default 10): each replica holds its own pool. */
  max?: number;
  /** Shown in `pg_stat_activity` (e.g. `extsys-runner`). */
  applicationName?: string;
  /** Told about a connection that broke while idle (the pool replaces it; default: ignored). */
  onError?: (message: string) => void;
}

/**
 * A pool of connections to `url` (`postgres://user:password@host:port/database`). An idle
 * connection that breaks (the server restarted) is dropped and replaced instead of crashing the
 * process, which is what `pg` does with an unhandled `error` event.
 */
export function openPool(url: string, options: PoolOptions = {}): PostgresPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => options.onError?.(`PostgreSQL ${redactDatabaseUrl(url)}: ${error.message}`));
  return pool;
}
