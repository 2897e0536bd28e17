import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { nanoid } from 'nanoid';
import type { PublisherView } from '@extsys/protocol';

/** A vendor's credential: it covers the extensions its patterns name (see ExtensionPattern). */
export interface Publisher {
  id: string;
  name: string;
  extensions: string[];
  createdAt: string;
}

interface PublisherRow {
  id: string;
  name: string;
  extensions: string;
  created_at: string;
}

/** What every publisher token starts with, so that one found in a file or a log is recognisable. */
export const PUBLISHER_TOKEN_PREFIX = 'extpub_';

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const toPublisher = (row: PublisherRow): Publisher => ({
  id: row.id,
  name: row.name,
  extensions: JSON.parse(row.extensions) as string[],
  createdAt: row.created_at,
});

/**
 * Publisher credentials in the registry's database. Only the SHA-256 of a token is stored: the token
 * is shown once, when it is minted. Tokens are 256 bits of randomness, so a plain hash (no salt, no
 * slow KDF) cannot be reversed and can be looked up directly.
 */
export class PublisherStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS publishers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, extensions TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);`);
  }

  /** A new publisher and its token (the only time the token exists outside its holder). */
  create(name: string, extensions: string[]): { publisher: Publisher; token: string } {
    const publisher: Publisher = { id: `pub_${nanoid(12)}`, name, extensions, createdAt: new Date().toISOString() };
    const token = `${PUBLISHER_TOKEN_PREFIX}${nanoid(43)}`;
    this.db
      .prepare('INSERT INTO publishers VALUES (?, ?, ?, ?, ?)')
      .run(publisher.id, name, JSON.stringify(extensions), hashOf(token), publisher.createdAt);
    return { publisher, token };
  }

  /** The publisher a bearer token belongs to, if it is one. */
  byToken(token: string): Publisher | undefined {
    const row = this.db
      .prepare<[string], PublisherRow>('SELECT id, name, extensions, created_at FROM publishers WHERE token_hash = ?')
      .get(hashOf(token));
    return row ? toPublisher(row) : undefined;
  }

  list(): Publisher[] {
    return this.db
      .prepare<[], PublisherRow>('SELECT id, name, extensions, created_at FROM publishers ORDER BY created_at, id')
      .all()
      .map(toPublisher);
  }

  /** Revokes a publisher's token; false when there was none with this id. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM publishers WHERE id = ?').run(id).changes > 0;
  }
}

export function publisherView(publisher: Publisher): PublisherView {
  return { id: publisher.id, name: publisher.name, extensions: publisher.extensions, createdAt: publisher.createdAt };
}
