import type Database from 'better-sqlite3';
import { nanoid } from 'nanoid';
import { installColumns } from './install-row.js';
import { bundleTaken, installTaken, noInstall, versionTaken } from './registry-errors.js';
import {
  toInstall,
  toVersion,
  type Install,
  type InstallChange,
  type InstallRow,
  type RegistryStore,
  type Version,
  type VersionRow,
} from './registry-store.js';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** The registry in the data folder's SQLite file: one process (the embedded default). */
export class SqliteRegistryStore implements RegistryStore {
  /** Changes of installs, one after the other: a change's read and write must not interleave with another's. */
  private updates: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database) {}

  async publish(version: Omit<Version, 'publishedAt'>): Promise<{ version: Version; created: boolean }> {
    // No await from the read to the insert: two publishes in this process cannot interleave.
    const existing = this.readVersion(version.extensionId, version.version);
    if (existing) {
      if (existing.contentHash !== version.contentHash) throw versionTaken(existing);
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
      if (isUniqueViolation(error)) throw bundleTaken(version.contentHash);
      throw error;
    }
    return { version: { ...version, publishedAt }, created: true };
  }

  async version(extensionId: string, version: string): Promise<Version | undefined> {
    return this.readVersion(extensionId, version);
  }

  private readVersion(extensionId: string, version: string): Version | undefined {
    const row = this.db
      .prepare<[string, string], VersionRow>('SELECT * FROM versions WHERE extension_id = ? AND version = ?')
      .get(extensionId, version);
    return row && toVersion(row);
  }

  async versionByHash(contentHash: string): Promise<Version | undefined> {
    const row = this.db.prepare<[string], VersionRow>('SELECT * FROM versions WHERE content_hash = ?').get(contentHash);
    return row && toVersion(row);
  }

  async versions(): Promise<Version[]> {
    return this.db
      .prepare<[], VersionRow>('SELECT * FROM versions ORDER BY extension_id, published_at')
      .all()
      .map(toVersion);
  }

  async createInstall(install: Omit<Install, 'id' | 'updatedAt'>): Promise<Install> {
    const id = `inst_${nanoid(12)}`;
    const updatedAt = new Date().toISOString();
    try {
      this.db
        .prepare('INSERT INTO installs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, install.tenantId, install.extensionId, ...installColumns(install, (v) => (v ? 1 : 0)), updatedAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw installTaken(install);
      throw error;
    }
    return { ...install, id, updatedAt };
  }

  updateInstall(id: string, change: (current: Install) => InstallChange | Promise<InstallChange>): Promise<Install> {
    const run = async () => {
      const current = await this.install(id);
      if (!current) throw noInstall(id);
      const next: Install = { ...current, ...(await change(current)), updatedAt: new Date().toISOString() };
      this.db
        .prepare(
          'UPDATE installs SET version = ?, content_hash = ?, enabled = ?, grants = ?, config = ?, secrets = ?, egress = ?, updated_at = ? WHERE id = ?',
        )
        .run(...installColumns(next, (v) => (v ? 1 : 0)), next.updatedAt, id);
      return next;
    };
    const result = this.updates.then(run, run);
    this.updates = result.catch(() => undefined);
    return result;
  }

  async install(id: string): Promise<Install | undefined> {
    const row = this.db.prepare<[string], InstallRow>('SELECT * FROM installs WHERE id = ?').get(id);
    return row && toInstall(row);
  }

  async installFor(tenantId: string, extensionId: string): Promise<Install | undefined> {
    const row = this.db
      .prepare<[string, string], InstallRow>('SELECT * FROM installs WHERE tenant_id = ? AND extension_id = ?')
      .get(tenantId, extensionId);
    return row && toInstall(row);
  }

  async installs(tenantId?: string): Promise<Install[]> {
    const rows =
      tenantId === undefined
        ? this.db.prepare<[], InstallRow>('SELECT * FROM installs ORDER BY tenant_id, extension_id').all()
        : this.db
            .prepare<[string], InstallRow>('SELECT * FROM installs WHERE tenant_id = ? ORDER BY extension_id')
            .all(tenantId);
    return rows.map(toInstall);
  }
}
