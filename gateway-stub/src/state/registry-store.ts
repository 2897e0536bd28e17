import type { Capability, ContentHash, Manifest, UiHash } from '@extsys/protocol';

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

/** What a change of an install may set (its id, tenant and extension never change). */
export type InstallChange = Partial<Omit<Install, 'id' | 'tenantId' | 'extensionId' | 'updatedAt'>>;

/**
 * Published versions (immutable: one content hash per extension version, one version per content
 * hash) and per-tenant installs (one per tenant and extension). Implemented on SQLite
 * (sqlite-registry-store.ts) and on PostgreSQL (postgres-registry-store.ts); both refuse alike, with
 * `version_conflict`, `conflict` and `install_not_found`.
 */
export interface RegistryStore {
  /** Records a version; the same version with other bytes, or the same bytes as another version, is a `version_conflict`. */
  publish(version: Omit<Version, 'publishedAt'>): Promise<{ version: Version; created: boolean }>;
  version(extensionId: string, version: string): Promise<Version | undefined>;
  versionByHash(contentHash: string): Promise<Version | undefined>;
  versions(): Promise<Version[]>;
  /** A new install; a second one of the same extension for the tenant is a `conflict`. */
  createInstall(install: Omit<Install, 'id' | 'updatedAt'>): Promise<Install>;
  /**
   * Reads the install, asks `change` what to set (it may refuse by throwing), and writes it: one
   * transaction, so two administrators changing one install at once each see the other's write.
   */
  updateInstall(id: string, change: (current: Install) => InstallChange | Promise<InstallChange>): Promise<Install>;
  install(id: string): Promise<Install | undefined>;
  installFor(tenantId: string, extensionId: string): Promise<Install | undefined>;
  installs(tenantId?: string): Promise<Install[]>;
}

/** The columns both databases store an install and a version in (JSON as text). */
export interface InstallRow {
  id: string;
  tenant_id: string;
  extension_id: string;
  version: string;
  content_hash: ContentHash;
  enabled: number | boolean;
  grants: string;
  config: string;
  secrets: string;
  egress: string;
  updated_at: string;
}
export interface VersionRow {
  extension_id: string;
  version: string;
  content_hash: ContentHash;
  manifest: string;
  signer: string;
  published_at: string;
  ui_hash: UiHash | null;
}

export const toVersion = (row: VersionRow): Version => ({
  extensionId: row.extension_id,
  version: row.version,
  contentHash: row.content_hash,
  uiHash: row.ui_hash,
  manifest: JSON.parse(row.manifest) as Manifest,
  signer: row.signer,
  publishedAt: row.published_at,
});

export const toInstall = (row: InstallRow): Install => ({
  id: row.id,
  tenantId: row.tenant_id,
  extensionId: row.extension_id,
  version: row.version,
  contentHash: row.content_hash,
  enabled: row.enabled === 1 || row.enabled === true,
  grants: JSON.parse(row.grants) as Capability[],
  config: JSON.parse(row.config) as Install['config'],
  secrets: JSON.parse(row.secrets) as Install['secrets'],
  egress: JSON.parse(row.egress) as string[],
  updatedAt: row.updated_at,
});
