import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The runner's one SQLite file (better-sqlite3, WAL), its state when `DATABASE_URL` is unset: the
 * `storage.kv` data and the idempotency records live side by side so that a call's KV writes and
 * its idempotency record commit in one transaction — a call is applied and remembered together, or
 * not at all. WAL with `synchronous = NORMAL` survives the process being killed (not a power cut),
 * which is the fault a runner replica meets.
 */
export class SqliteDatabase {
  readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Another runner process may hold the write lock for a moment (two processes on one file).
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS kv (
      ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, revision INTEGER NOT NULL,
      PRIMARY KEY (ns, key)) WITHOUT ROWID`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, content_type TEXT NOT NULL,
      body BLOB NOT NULL, expires_at INTEGER NOT NULL)`);
    this.db.exec('CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (expires_at)');
  }

  /**
   * Runs `work` in one write transaction: everything it writes commits together, or nothing does.
   * IMMEDIATE takes the write lock before the first read, so a second process on the same file waits
   * (busy_timeout) instead of failing when the revisions it read went stale under it.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    this.db.close();
  }
}
