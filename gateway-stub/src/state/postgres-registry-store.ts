import { inTransaction, isUniqueViolation, type PostgresPool } from '@extsys/postgres';
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

/** The registry in PostgreSQL (`DATABASE_URL`): shared by every gateway replica. */
export class PostgresRegistryStore implements RegistryStore {
  constructor(private readonly pool: PostgresPool) {}

  async publish(version: Omit<Version, 'publishedAt'>): Promise<{ version: Version; created: boolean }> {
    const publishedAt = new Date().toISOString();
    // One statement: two replicas publishing the same version at once create it once.
    const { rowCount } = await this.pool.query(
      `INSERT INTO versions (extension_id, version, content_hash, manifest, signer, published_at, ui_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        version.extensionId,
        version.version,
        version.contentHash,
        JSON.stringify(version.manifest),
        version.signer,
        publishedAt,
        version.uiHash,
      ],
    );
    if (rowCount === 1) return { version: { ...version, publishedAt }, created: true };
    const existing = await this.version(version.extensionId, version.version);
    if (existing) {
      if (existing.contentHash !== version.contentHash) throw versionTaken(existing);
      return { version: existing, created: false };
    }
    throw bundleTaken(version.contentHash);
  }

  async version(extensionId: string, version: string): Promise<Version | undefined> {
    const { rows } = await this.pool.query<VersionRow>(
      'SELECT * FROM versions WHERE extension_id = $1 AND version = $2',
      [extensionId, version],
    );
    return rows[0] && toVersion(rows[0]);
  }

  async versionByHash(contentHash: string): Promise<Version | undefined> {
    const { rows } = await this.pool.query<VersionRow>('SELECT * FROM versions WHERE content_hash = $1', [contentHash]);
    return rows[0] && toVersion(rows[0]);
  }

  async versions(): Promise<Version[]> {
    const { rows } = await this.pool.query<VersionRow>(
      'SELECT * FROM versions ORDER BY extension_id COLLATE "C", published_at',
    );
    return rows.map(toVersion);
  }

  async createInstall(install: Omit<Install, 'id' | 'updatedAt'>): Promise<Install> {
    const id = `inst_${nanoid(12)}`;
    const updatedAt = new Date().toISOString();
    try {
      await this.pool.query('INSERT INTO installs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
        id,
        install.tenantId,
        install.extensionId,
        ...installColumns(install, (v) => v),
        updatedAt,
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw installTaken(install);
      throw error;
    }
    return { ...install, id, updatedAt };
  }

  updateInstall(id: string, change: (current: Install) => InstallChange | Promise<InstallChange>): Promise<Install> {
    return inTransaction(this.pool, async (client) => {
      // FOR UPDATE: a change on another replica waits for this one, then reads what it wrote.
      const { rows } = await client.query<InstallRow>('SELECT * FROM installs WHERE id = $1 FOR UPDATE', [id]);
      if (!rows[0]) throw noInstall(id);
      const current = toInstall(rows[0]);
      const next: Install = { ...current, ...(await change(current)), updatedAt: new Date().toISOString() };
      await client.query(
        `UPDATE installs SET version = $1, content_hash = $2, enabled = $3, grants = $4, config = $5, secrets = $6,
         egress = $7, updated_at = $8 WHERE id = $9`,
        [...installColumns(next, (v) => v), next.updatedAt, id],
      );
      return next;
    });
  }

  async install(id: string): Promise<Install | undefined> {
    const { rows } = await this.pool.query<InstallRow>('SELECT * FROM installs WHERE id = $1', [id]);
    return rows[0] && toInstall(rows[0]);
  }

  async installFor(tenantId: string, extensionId: string): Promise<Install | undefined> {
    const { rows } = await this.pool.query<InstallRow>(
      'SELECT * FROM installs WHERE tenant_id = $1 AND extension_id = $2',
      [tenantId, extensionId],
    );
    return rows[0] && toInstall(rows[0]);
  }

  async installs(tenantId?: string): Promise<Install[]> {
    const { rows } =
      tenantId === undefined
        ? await this.pool.query<InstallRow>(
            'SELECT * FROM installs ORDER BY tenant_id COLLATE "C", extension_id COLLATE "C"',
          )
        : await this.pool.query<InstallRow>(
            'SELECT * FROM installs WHERE tenant_id = $1 ORDER BY extension_id COLLATE "C"',
            [tenantId],
          );
    return rows.map(toInstall);
  }
}
