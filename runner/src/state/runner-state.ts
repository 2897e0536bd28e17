import { migrate, openPool, redactDatabaseUrl } from '@extsys/postgres';
import { ConfigError } from '../config.js';
import type { CallCommitter } from './call-commit.js';
import type { IdempotencyRecords } from './idempotency.js';
import { DEFAULT_KV_QUOTAS, type KvQuotas, type KvStore } from './kv-store.js';
import { PostgresCallCommitter } from './postgres-call-commit.js';
import { PostgresIdempotencyRecords } from './postgres-idempotency.js';
import { PostgresKvStore } from './postgres-kv-store.js';
import { RUNNER_MIGRATIONS } from './postgres-migrations.js';
import { SqliteCallCommitter } from './sqlite-call-commit.js';
import { SqliteDatabase } from './sqlite-database.js';
import { SqliteIdempotencyRecords } from './sqlite-idempotency.js';
import { SqliteKvStore } from './sqlite-kv-store.js';

/**
 * Everything the runner keeps across calls — KV data with revisions and idempotency records — and
 * the committer that writes both in one transaction: in SQLite (one file, the default) or in
 * PostgreSQL (`DATABASE_URL`, shared by replicas). The bundle cache and the event ring are per
 * process and not part of it.
 */
export interface RunnerState {
  /** Where it is, for the start-up log: a file path, or the database URL without its password. */
  readonly description: string;
  readonly kv: KvStore;
  readonly records: IdempotencyRecords;
  readonly commits: CallCommitter;
  close(): Promise<void>;
}

export interface StateOptions {
  quotas?: KvQuotas;
  /** The clock of idempotency expiry (tests move it by hand). */
  now?: () => number;
}

/** The runner's SQLite file (`:memory:` for tests). */
export function openSqliteState(path: string, options: StateOptions = {}): RunnerState {
  const database = new SqliteDatabase(path);
  const kv = new SqliteKvStore(database, options.quotas ?? DEFAULT_KV_QUOTAS);
  const records = new SqliteIdempotencyRecords(database);
  return {
    description: `SQLite ${path}`,
    kv,
    records,
    commits: new SqliteCallCommitter(database, kv, records, options.now),
    close: () => Promise.resolve(database.close()),
  };
}

/**
 * PostgreSQL at `url`: opens a pool and brings the runner's tables up to date (safe when several
 * replicas start at once) before anything is served.
 */
export async function openPostgresState(
  url: string,
  options: StateOptions & { poolMax?: number; onPoolError?: (message: string) => void } = {},
): Promise<RunnerState> {
  const pool = openPool(url, {
    ...(options.poolMax === undefined ? {} : { max: options.poolMax }),
    applicationName: 'extsys-runner',
    ...(options.onPoolError ? { onError: options.onPoolError } : {}),
  });
  try {
    await migrate(pool, 'runner', RUNNER_MIGRATIONS);
  } catch (error) {
    await pool.end();
    // Said in one line at start (main.ts prints a ConfigError's message alone): the operator fixes the
    // setting or the database, and the process exits before it listens.
    throw new ConfigError(
      `runner start: the runner's database ${redactDatabaseUrl(url)} cannot be prepared (${(error as Error).message}); check DATABASE_URL and that PostgreSQL is up`,
    );
  }
  const kv = new PostgresKvStore(pool, options.quotas ?? DEFAULT_KV_QUOTAS);
  const records = new PostgresIdempotencyRecords(pool);
  return {
    description: `PostgreSQL ${redactDatabaseUrl(url)}`,
    kv,
    records,
    commits: new PostgresCallCommitter(pool, kv, records, options.now),
    close: () => pool.end(),
  };
}
