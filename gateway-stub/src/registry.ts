import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { nanoid } from 'nanoid';
import type { Capability, ContentHash, InstallView, Manifest, UiHash, VersionView } from '@extsys/protocol';
import { GatewayError } from './errors.js';
import { PublisherStore } from './publishers.js';
import { ViewStates } from './view-states.js';

export interface Install {
  id: string;
  tenantId: string;
  extensionId: string;
  version: string;
  contentHash: ContentHash;
  enabled: boolean;
  grants: Capability[];
  config: Record<string, string | number | boolean>;
  secrets: Record<string, string>;
  egress: string[];
  updatedAt: string;
}

export interface Version {
  extensionId: string;
  version: string;
  contentHash: ContentHash;
  /**
   * The identity of its UI (`uiHashOf`): null without a UI, and for versions published before the
   * registry recorded it (unknown: a host remounts, as before).
   */
  uiHash: UiHash | null;
  manifest: Manifest;
  signer: string;
  publishedAt: string;
}

interface InstallRow {
  id: string;
  tenant_id: string;
  extension_id: string;
  version: string;
  content_hash: ContentHash;
  enabled: number;
  grants: string;
  config: string;
  secrets: string;
  egress: string;
  updated_at: string;
}
interface VersionRow {
  extension_id: string;
  version: string;
  content_hash: ContentHash;
  manifest: string;
  signer: string;
  published_at: string;
  ui_hash: UiHash | null;
}

const toVersion = (row: VersionRow): Version => ({
  extensionId: row.extension_id,
  version: row.version,
  contentHash: row.content_hash,
  uiHash: row.ui_hash,
  manifest: JSON.parse(row.manifest) as Manifest,
  signer: row.signer,
  publishedAt: row.published_at,
});
const toInstall = (row: InstallRow): Install => ({
  id: row.id,
  tenantId: row.tenant_id,
  extensionId: row.extension_id,
  version: row.version,
  contentHash: row.content_hash,
  enabled: row.enabled === 1,
  grants: JSON.parse(row.grants) as Capability[],
  config: JSON.parse(row.config) as Install['config'],
  secrets: JSON.parse(row.secrets) as Install['secrets'],
  egress: JSON.parse(row.egress) as string[],
  updatedAt: row.updated_at,
});

/**
 * The install registry, durable in SQLite: published versions (immutable: one content hash per
 * extension version) and per-tenant installs (one per tenant and extension).
 */
export class Registry {
  private readonly db: Database.Database;
  /** Published versions never change: each is read from the database (and its manifest parsed) once. */
  private readonly versionCache = new Map<string, Version>();
  /** Installs by tenant + extension, for the proxy's per-call lookup; every write clears its entry. */
  private readonly installCache = new Map<string, Install | null>();
  /** Publisher credentials, in the same database. */
  readonly publishers: PublisherStore;
  /** Extensions' view state per user, in the same database. */
  readonly viewStates: ViewStates;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'registry.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
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
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL);`);
    this.migrate();
    this.publishers = new PublisherStore(this.db);
    this.viewStates = new ViewStates(this.db);
  }

  /**
   * Brings a data folder of an earlier gateway up to this schema. `versions.ui_hash` (added
   * 2026-12-07) stays NULL for the versions published before: their UI identity is unknown, which
   * only means a host remounts their frames on an upgrade, as it always did.
   */
  private migrate(): void {
    const columns = this.db.prepare<[], { name: string }>('PRAGMA table_info(versions)').all();
    if (!columns.some((column) => column.name === 'ui_hash')) {
      this.db.exec('ALTER TABLE versions ADD COLUMN ui_hash TEXT');
    }
  }

  /** Records a published version; the same version with other bytes is a `version_conflict`. */
  publish(version: Omit<Version, 'publishedAt'>): { version: Version; created: boolean } {
    const existing = this.version(version.extensionId, version.version);
    if (existing) {
      if (existing.contentHash !== version.contentHash) {
        throw new GatewayError(
          'version_conflict',
          `${version.extensionId} ${version.version} is already published as ${existing.contentHash}; versions are immutable, publish a new version`,
        );
      }
      return { version: existing, created: false };
    }
    const publishedAt = new Date().toISOString();
    try {
      this.db
        .prepare(
          'INSERT INTO versions (extension_id, version, content_hash, manifest, signer, published_at, ui_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          version.extensionId,
          version.version,
          version.contentHash,
          JSON.stringify(version.manifest),
          version.signer,
          publishedAt,
          version.uiHash,
        );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new GatewayError(
          'version_conflict',
          `bundle ${version.contentHash} is already published under another version`,
        );
      }
      throw error;
    }
    return { version: { ...version, publishedAt }, created: true };
  }

  version(extensionId: string, version: string): Version | undefined {
    const key = `${extensionId}@${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const row = this.db
      .prepare<[string, string], VersionRow>('SELECT * FROM versions WHERE extension_id = ? AND version = ?')
      .get(extensionId, version);
    if (!row) return undefined;
    const parsed = toVersion(row);
    this.versionCache.set(key, parsed);
    return parsed;
  }

  /** The published version with this content hash (content hashes are unique across versions). */
  versionByHash(contentHash: string): Version | undefined {
    const row = this.db.prepare<[string], VersionRow>('SELECT * FROM versions WHERE content_hash = ?').get(contentHash);
    return row ? this.version(row.extension_id, row.version) : undefined;
  }

  versions(): Version[] {
    return this.db
      .prepare<[], VersionRow>('SELECT * FROM versions ORDER BY extension_id, published_at')
      .all()
      .map(toVersion);
  }

  createInstall(install: Omit<Install, 'id' | 'updatedAt'>): Install {
    const id = `inst_${nanoid(12)}`;
    const updatedAt = new Date().toISOString();
    try {
      this.db
        .prepare('INSERT INTO installs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(
          id,
          install.tenantId,
          install.extensionId,
          install.version,
          install.contentHash,
          install.enabled ? 1 : 0,
          JSON.stringify(install.grants),
          JSON.stringify(install.config),
          JSON.stringify(install.secrets),
          JSON.stringify(install.egress),
          updatedAt,
        );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new GatewayError(
          'conflict',
          `${install.extensionId} is already installed for tenant ${install.tenantId}; PATCH that install`,
        );
      }
      throw error;
    }
    this.installCache.delete(`${install.tenantId}\u0000${install.extensionId}`);
    return { ...install, id, updatedAt };
  }

  updateInstall(id: string, change: Partial<Omit<Install, 'id' | 'tenantId' | 'extensionId' | 'updatedAt'>>): Install {
    const current = this.install(id);
    if (!current) throw new GatewayError('install_not_found', `no install ${id}`);
    const next: Install = { ...current, ...change, updatedAt: new Date().toISOString() };
    this.db
      .prepare(
        'UPDATE installs SET version = ?, content_hash = ?, enabled = ?, grants = ?, config = ?, secrets = ?, egress = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        next.version,
        next.contentHash,
        next.enabled ? 1 : 0,
        JSON.stringify(next.grants),
        JSON.stringify(next.config),
        JSON.stringify(next.secrets),
        JSON.stringify(next.egress),
        next.updatedAt,
        id,
      );
    this.installCache.delete(`${next.tenantId}\u0000${next.extensionId}`);
    return next;
  }

  install(id: string): Install | undefined {
    const row = this.db.prepare<[string], InstallRow>('SELECT * FROM installs WHERE id = ?').get(id);
    return row ? toInstall(row) : undefined;
  }

  /** The tenant's install of an extension (the proxy's lookup: tenant from the token only). */
  installFor(tenantId: string, extensionId: string): Install | undefined {
    const key = `${tenantId}\u0000${extensionId}`;
    const cached = this.installCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const row = this.db
      .prepare<[string, string], InstallRow>('SELECT * FROM installs WHERE tenant_id = ? AND extension_id = ?')
      .get(tenantId, extensionId);
    const install = row ? toInstall(row) : undefined;
    this.installCache.set(key, install ?? null);
    return install;
  }

  installs(tenantId?: string): Install[] {
    const rows =
      tenantId === undefined
        ? this.db.prepare<[], InstallRow>('SELECT * FROM installs ORDER BY tenant_id, extension_id').all()
        : this.db
            .prepare<[string], InstallRow>('SELECT * FROM installs WHERE tenant_id = ? ORDER BY extension_id')
            .all(tenantId);
    return rows.map(toInstall);
  }

  createSession(userId: string, ttlMs: number): string {
    const id = nanoid(32);
    this.db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(id, userId, Date.now() + ttlMs);
    return id;
  }

  sessionUser(id: string): string | undefined {
    const row = this.db
      .prepare<[string, number], { user_id: string }>('SELECT user_id FROM sessions WHERE id = ? AND expires_at > ?')
      .get(id, Date.now());
    return row?.user_id;
  }

  deleteSession(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }

  close(): void {
    this.db.close();
  }
}

export function installView(install: Install): InstallView {
  return {
    id: install.id,
    tenantId: install.tenantId,
    extensionId: install.extensionId,
    version: install.version,
    contentHash: install.contentHash,
    enabled: install.enabled,
    grants: install.grants,
    config: install.config,
    secretNames: Object.keys(install.secrets),
    egress: install.egress,
    updatedAt: install.updatedAt,
  };
}

export function versionView(version: Version): VersionView {
  return {
    extensionId: version.extensionId,
    version: version.version,
    contentHash: version.contentHash,
    signer: version.signer,
    publishedAt: version.publishedAt,
    title: version.manifest.displayName ?? version.manifest.name,
    capabilities: version.manifest.capabilities,
  };
}
