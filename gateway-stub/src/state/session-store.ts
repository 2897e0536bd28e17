/**
 * Login sessions (the demo host's cookie): SQLite (sqlite-session-store.ts) or PostgreSQL
 * (postgres-session-store.ts), where a session made on one gateway replica is valid on every other.
 */
export interface SessionStore {
  /** A new session for `userId`, valid for `ttlMs`; answers its id (the cookie's value). */
  create(userId: string, ttlMs: number): Promise<string>;
  /** The user of a session that exists and has not expired. */
  user(id: string): Promise<string | undefined>;
  delete(id: string): Promise<void>;
}
