import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The gateway's SQLite file in its data folder (without DATABASE_URL). */
export const SQLITE_FILE = 'registry.sqlite';

/**
 * Opens (creating if need be) the data folder's SQLite database with every table of the SQLite
 * stores, and brings a data folder of an earlier gateway up to this schema.
 */
export function openSqliteDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS versions (
      extension_id TEXT NOT NULL, version TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE,
      manifest TEXT NOT NULL, signer TEXT NOT NULL, published_at TEXT NOT NULL, ui_hash TEXT,
      PRIMARY KEY (extension_id, version));
    CREATE TABLE IF NOT EXISTS installs (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, extension_id TEXT NOT NULL, version TEXT NOT NULL,
      content_hash TEXT NOT NULL, enabled INTEGER NOT NULL, grants TEXT NOT NULL, config TEXT NOT NULL,
      secrets TEXT NOT NULL, egress TEXT NOT NULL, updated_at TEXT NOT NULL,
      UNIQUE (tenant_id, extension_id));
    CREATE TABLE IF NOT EXISTS sessions (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS publishers (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, extensions TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS view_states (
      user_id TEXT NOT NULL, tenant_id TEXT NOT NULL, install_id TEXT NOT NULL,
      entry_point TEXT NOT NULL, route TEXT NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL,
      PRIMARY KEY (user_id, tenant_id, install_id, entry_point, route));`);
  // `versions.ui_hash` (added 2026-12-07) stays NULL for the versions published before: their UI
  // identity is unknown, which only means a host remounts their frames on an upgrade, as it always did.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(versions)').all();
  if (!columns.some((column) => column.name === 'ui_hash')) db.exec('ALTER TABLE versions ADD COLUMN ui_hash TEXT');
  return db;
}
