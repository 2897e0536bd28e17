import type { PostgresPool } from '@extsys/postgres';
import { nanoid } from 'nanoid';
import type { SessionStore } from './session-store.js';

export class PostgresSessionStore implements SessionStore {
  constructor(private readonly pool: PostgresPool) {}

  async create(userId: string, ttlMs: number): Promise<string> {
    const id = nanoid(32);
    const now = Date.now();
    // Expired sessions go as new ones come (an indexed delete): the table holds the live ones.
    await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await this.pool.query('INSERT INTO sessions VALUES ($1, $2, $3)', [id, userId, now + ttlMs]);
    return id;
  }

  async user(id: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ user_id: string }>(
      'SELECT user_id FROM sessions WHERE id = $1 AND expires_at > $2',
      [id, Date.now()],
    );
    return rows[0]?.user_id;
  }

  async delete(id: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id = $1', [id]);
  }
}
