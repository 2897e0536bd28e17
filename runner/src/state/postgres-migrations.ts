import type { Migration } from '@extsys/postgres';

/**
 * The runner's tables in PostgreSQL (component `runner`; the gateway's have other names, so both may
 * share a database). Keys, values and idempotency ids are BYTEA — their UTF-8 — because a KV key or
 * value may hold any character, NUL included, which TEXT refuses, and because BYTEA orders by bytes:
 * the documented key order (key-order.ts) whatever the database's collation. Released migrations are
 * never edited: a change is a new one.
 */
export const RUNNER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'kv (storage.kv with revisions) and idempotency (stored answers)',
    sql: `
      CREATE TABLE kv (
        ns TEXT NOT NULL,
        key BYTEA NOT NULL,
        value BYTEA NOT NULL,
        revision BIGINT NOT NULL,
        PRIMARY KEY (ns, key)
      );
      CREATE TABLE idempotency (
        id BYTEA PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        status INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        body BYTEA NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX idempotency_expiry ON idempotency (expires_at);
    `,
  },
];
