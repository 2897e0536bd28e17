import { createHash } from 'node:crypto';
import { nanoid } from 'nanoid';

/** A vendor's credential: it covers the extensions its patterns name (see ExtensionPattern). */
export interface Publisher {
  id: string;
  name: string;
  extensions: string[];
  createdAt: string;
}

/**
 * Publisher credentials: SQLite (sqlite-publisher-store.ts) or PostgreSQL (postgres-publisher-store.ts).
 * Only the SHA-256 of a token is stored: the token is shown once, when it is minted. Tokens are 256
 * bits of randomness, so a plain hash (no salt, no slow KDF) cannot be reversed and can be looked up
 * directly.
 */
export interface PublisherStore {
  /** A new publisher and its token (the only time the token exists outside its holder). */
  create(name: string, extensions: string[]): Promise<{ publisher: Publisher; token: string }>;
  /** The publisher a bearer token belongs to, if it is one. */
  byToken(token: string): Promise<Publisher | undefined>;
  list(): Promise<Publisher[]>;
  /** Revokes a publisher's token; false when there was none with this id. */
  delete(id: string): Promise<boolean>;
}

/** What every publisher token starts with, so that one found in a file or a log is recognisable. */
export const PUBLISHER_TOKEN_PREFIX = 'extpub_';

export const publisherTokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new publisher's record and token, the same for both stores. */
export function newPublisher(name: string, extensions: string[]): { publisher: Publisher; token: string } {
  return {
    publisher: { id: `pub_${nanoid(12)}`, name, extensions, createdAt: new Date().toISOString() },
    token: `${PUBLISHER_TOKEN_PREFIX}${nanoid(43)}`,
  };
}

export interface PublisherRow {
  id: string;
  name: string;
  extensions: string;
  created_at: string;
}

export const toPublisher = (row: PublisherRow): Publisher => ({
  id: row.id,
  name: row.name,
  extensions: JSON.parse(row.extensions) as string[],
  createdAt: row.created_at,
});
