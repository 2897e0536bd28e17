import type { PostgresPool } from '@extsys/postgres';
import {
  newPublisher,
  publisherTokenHash,
  toPublisher,
  type Publisher,
  type PublisherRow,
  type PublisherStore,
} from './publisher-store.js';

export class PostgresPublisherStore implements PublisherStore {
  constructor(private readonly pool: PostgresPool) {}

  async create(name: string, extensions: string[]): Promise<{ publisher: Publisher; token: string }> {
    const created = newPublisher(name, extensions);
    const { publisher } = created;
    await this.pool.query('INSERT INTO publishers VALUES ($1, $2, $3, $4, $5)', [
      publisher.id,
      name,
      JSON.stringify(extensions),
      publisherTokenHash(created.token),
      publisher.createdAt,
    ]);
    return created;
  }

  async byToken(token: string): Promise<Publisher | undefined> {
    const { rows } = await this.pool.query<PublisherRow>(
      'SELECT id, name, extensions, created_at FROM publishers WHERE token_hash = $1',
      [publisherTokenHash(token)],
    );
    return rows[0] && toPublisher(rows[0]);
  }

  async list(): Promise<Publisher[]> {
    const { rows } = await this.pool.query<PublisherRow>(
      'SELECT id, name, extensions, created_at FROM publishers ORDER BY created_at, id COLLATE "C"',
    );
    return rows.map(toPublisher);
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM publishers WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }
}
