import type { Migration } from '@extsys/postgres';

/**
 * The gateway's tables in PostgreSQL (`migrate(pool, 'gateway', …)` at start, safe when replicas
 * start at once). Names are the SQLite file's, plus the two limits SQLite mode keeps in memory; none
 * is the runner's (`kv`, `idempotency`), so both services may share one database. Never edit a
 * released step: add one.
 */
export const GATEWAY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'registry, sessions, publishers, view states, login failures, call rate buckets',
    sql: `
      CREATE TABLE versions (
        extension_id TEXT NOT NULL, version TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE,
        manifest TEXT NOT NULL, signer TEXT NOT NULL, published_at TEXT NOT NULL, ui_hash TEXT,
        PRIMARY KEY (extension_id, version));
      CREATE TABLE installs (
        id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, extension_id TEXT NOT NULL, version TEXT NOT NULL,
        content_hash TEXT NOT NULL, enabled BOOLEAN NOT NULL, grants TEXT NOT NULL, config TEXT NOT NULL,
        secrets TEXT NOT NULL, egress TEXT NOT NULL, updated_at TEXT NOT NULL,
        UNIQUE (tenant_id, extension_id));
      CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at BIGINT NOT NULL);
      CREATE INDEX sessions_expiry ON sessions (expires_at);
      CREATE TABLE publishers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, extensions TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
      CREATE TABLE view_states (
        user_id TEXT NOT NULL, tenant_id TEXT NOT NULL, install_id TEXT NOT NULL,
        entry_point TEXT NOT NULL, route TEXT NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, tenant_id, install_id, entry_point, route));
      CREATE TABLE login_failures (
        scope TEXT NOT NULL, key TEXT NOT NULL, attempt TEXT NOT NULL, at_ms BIGINT NOT NULL,
        PRIMARY KEY (scope, key, attempt));
      CREATE INDEX login_failures_at ON login_failures (at_ms);
      CREATE TABLE call_rate_buckets (
        key BYTEA PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at_ms DOUBLE PRECISION NOT NULL,
        granted BOOLEAN NOT NULL);
      CREATE INDEX call_rate_buckets_at ON call_rate_buckets (at_ms);`,
  },
];
