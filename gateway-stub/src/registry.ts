import type { InstallView, VersionView } from '@extsys/protocol';
import type { GatewayStores } from './state/gateway-stores.js';
import type { PublisherStore } from './state/publisher-store.js';
import type { Install, InstallChange, Version } from './state/registry-store.js';
import type { ViewStateStore } from './state/view-state-store.js';

export type { Install, Version } from './state/registry-store.js';

/**
 * What the routes read and write: versions, installs and sessions over the stores (SQLite or
 * PostgreSQL), with the publisher and view-state stores alongside. It caches what may be cached:
 * - versions never change (one content hash per extension version): each is read, and its
 *   manifest parsed, once per process, on every database;
 * - installs (the proxy's per-call lookup) only when this process is the state's sole writer
 *   (SQLite), where every change goes through here and clears its entry. With replicas
 *   (PostgreSQL) another process may disable an install at any time, so every lookup reads the
 *   database (one indexed row): a disabled install stops answering on every replica with the next call.
 */
export class Registry {
  private readonly versionCache = new Map<string, Version>();
  private readonly installCache: Map<string, Install | null> | undefined;
  readonly publishers: PublisherStore;
  readonly viewStates: ViewStateStore;

  constructor(private readonly stores: GatewayStores) {
    this.installCache = stores.soleWriter ? new Map() : undefined;
    this.publishers = stores.publishers;
    this.viewStates = stores.viewStates;
  }

  /** Records a published version; the same version with other bytes is a `version_conflict`. */
  publish(version: Omit<Version, 'publishedAt'>): Promise<{ version: Version; created: boolean }> {
    return this.stores.registry.publish(version);
  }

  async version(extensionId: string, version: string): Promise<Version | undefined> {
    const key = `${extensionId}@${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const found = await this.stores.registry.version(extensionId, version);
    // Only a found version is kept: one not yet published may be published by another replica.
    if (found) this.versionCache.set(key, found);
    return found;
  }

  /** The published version with this content hash (content hashes are unique across versions). */
  async versionByHash(contentHash: string): Promise<Version | undefined> {
    const found = await this.stores.registry.versionByHash(contentHash);
    return found && this.version(found.extensionId, found.version);
  }

  versions(): Promise<Version[]> {
    return this.stores.registry.versions();
  }

  async createInstall(install: Omit<Install, 'id' | 'updatedAt'>): Promise<Install> {
    const created = await this.stores.registry.createInstall(install);
    this.installCache?.delete(installKey(install.tenantId, install.extensionId));
    return created;
  }

  /** Changes an install: `change` sees the install as stored, inside the write's transaction. */
  async updateInstall(
    id: string,
    change: InstallChange | ((current: Install) => InstallChange | Promise<InstallChange>),
  ): Promise<Install> {
    const next = await this.stores.registry.updateInstall(id, typeof change === 'function' ? change : () => change);
    this.installCache?.delete(installKey(next.tenantId, next.extensionId));
    return next;
  }

  install(id: string): Promise<Install | undefined> {
    return this.stores.registry.install(id);
  }

  /** The tenant's install of an extension (the proxy's lookup: tenant from the token only). */
  async installFor(tenantId: string, extensionId: string): Promise<Install | undefined> {
    const key = installKey(tenantId, extensionId);
    const cached = this.installCache?.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const install = await this.stores.registry.installFor(tenantId, extensionId);
    this.installCache?.set(key, install ?? null);
    return install;
  }

  installs(tenantId?: string): Promise<Install[]> {
    return this.stores.registry.installs(tenantId);
  }

  createSession(userId: string, ttlMs: number): Promise<string> {
    return this.stores.sessions.create(userId, ttlMs);
  }

  sessionUser(id: string): Promise<string | undefined> {
    return this.stores.sessions.user(id);
  }

  deleteSession(id: string): Promise<void> {
    return this.stores.sessions.delete(id);
  }
}

const installKey = (tenantId: string, extensionId: string) => `${tenantId}\u0000${extensionId}`;

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
