import type Database from 'better-sqlite3';
import {
  newPublisher,
  publisherTokenHash,
  toPublisher,
  type Publisher,
  type PublisherRow,
  type PublisherStore,
} from './publisher-store.js';

export class SqlitePublisherStore implements PublisherStore {
  constructor(private readonly db: Database.Database) {}

  async create(name: string, extensions: string[]): Promise<{ publisher: Publisher; token: string }> {
    const created = newPublisher(name, extensions);
    const { publisher } = created;
    this.db
      .prepare('INSERT INTO publishers VALUES (?, ?, ?, ?, ?)')
      .run(publisher.id, name, JSON.stringify(extensions), publisherTokenHash(created.token), publisher.createdAt);
    return created;
  }

  async byToken(token: string): Promise<Publisher | undefined> {
    const row = this.db
      .prepare<[string], PublisherRow>('SELECT id, name, extensions, created_at FROM publishers WHERE token_hash = ?')
      .get(publisherTokenHash(token));
    return row && toPublisher(row);
  }

  async list(): Promise<Publisher[]> {
    return this.db
      .prepare<[], PublisherRow>('SELECT id, name, extensions, created_at FROM publishers ORDER BY created_at, id')
      .all()
      .map(toPublisher);
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM publishers WHERE id = ?').run(id).changes > 0;
  }
}
