import type Database from 'better-sqlite3';
import { nanoid } from 'nanoid';
import type { SessionStore } from './session-store.js';

export class SqliteSessionStore implements SessionStore {
  constructor(private readonly db: Database.Database) {}

  async create(userId: string, ttlMs: number): Promise<string> {
    const id = nanoid(32);
    const now = Date.now();
    // Expired sessions go as new ones come: the table holds the live ones and little more.
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    this.db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(id, userId, now + ttlMs);
    return id;
  }

  async user(id: string): Promise<string | undefined> {
    const row = this.db
      .prepare<[string, number], { user_id: string }>('SELECT user_id FROM sessions WHERE id = ? AND expires_at > ?')
      .get(id, Date.now());
    return row?.user_id;
  }

  async delete(id: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }
}
