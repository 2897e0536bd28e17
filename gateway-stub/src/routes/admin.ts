import {
  isBundleError,
  readBundle,
  uiHashOf,
  verifyBundle,
  writeToStoreFolder,
  type TrustBundle,
} from '@extsys/bundle';
import {
  BUNDLE_CONTENT_TYPE,
  HEADER,
  InstallCreate,
  InstallPatch,
  matchesExtensionPattern,
  parseOrError,
  type Manifest,
} from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.js';
import { installView, versionView, type Registry } from '../registry.js';
import { authenticateAdmin } from '../admin-credential.js';

export interface AdminOptions {
  registry: Registry;
  bundleStore: string;
  trust: TrustBundle | undefined;
  adminToken: string | undefined;
  maxBundleBytes: number;
  /** Told after an install was created or changed (the dev event stream relays it to host pages). */
  onInstallChanged?: ((install: { tenantId: string; extensionId: string; version: string }) => void) | undefined;
}

/** Who may manage installs and versions: the platform admin token (every tenant) or a tenant admin's session. */
export type Admin = { kind: 'platform' } | { kind: 'tenant'; tenantId: string };

/**
 * An installer: a publisher credential is refused here (it publishes bundles and reads logs of its
 * own extensions; which tenant runs what is the tenants' and the platform's decision).
 */
export async function requireAdmin(
  request: FastifyRequest,
  options: Pick<AdminOptions, 'registry' | 'adminToken'>,
): Promise<Admin> {
  const credential = await authenticateAdmin(request, options);
  if (credential.kind === 'publisher') {
    throw new GatewayError(
      'forbidden',
      `publisher credential "${credential.publisher.name}" may publish bundles of its extensions and read their logs; installs and versions need the admin token or a tenant administrator's session`,
    );
  }
  return credential.kind === 'platform' ? credential : { kind: 'tenant', tenantId: credential.tenantId };
}

function canManage(admin: Admin, tenantId: string): void {
  if (admin.kind === 'tenant' && admin.tenantId !== tenantId) {
    throw new GatewayError(
      'tenant_mismatch',
      `a ${admin.tenantId} administrator cannot manage installs of ${tenantId}`,
    );
  }
}

function checkSubset(field: string, wanted: readonly string[], allowed: readonly string[], what: string): void {
  const extra = wanted.filter((item) => !allowed.includes(item));
  if (extra.length > 0) {
    throw new GatewayError(
      'validation_failed',
      `${field}: ${extra.map((e) => `"${e}"`).join(', ')} not in the manifest's ${what}`,
    );
  }
}

function checkGrants(manifest: Manifest, grants: readonly string[], egress: readonly string[]): void {
  checkSubset('grants', grants, manifest.capabilities, 'capabilities');
  checkSubset('egress', egress, manifest.http?.allow ?? [], 'http.allow');
}

/** The registry's admin API: publish signed bundles, install and manage them per tenant. */
export const adminRoutes: FastifyPluginAsync<AdminOptions> = async (app, options) => {
  const { registry } = options;
  app.addContentTypeParser(
    BUNDLE_CONTENT_TYPE,
    { parseAs: 'buffer', bodyLimit: options.maxBundleBytes },
    (_r, body, done) => done(null, body),
  );

  app.post('/api/admin/bundles', async (request, reply) => {
    // Published versions are visible to every tenant: only the platform admin publishes, or a
    // publisher its own extensions (a tenant admin could otherwise claim another vendor's next
    // version for everyone). A publisher's bundle is checked against its patterns below, once read.
    const credential = await authenticateAdmin(request, options);
    if (credential.kind === 'tenant') {
      throw new GatewayError(
        'forbidden',
        'only the platform admin (ADMIN_TOKEN) or a publisher credential for the extension publishes bundles',
      );
    }
    if (!Buffer.isBuffer(request.body)) {
      throw new GatewayError(
        'unsupported_media_type',
        `upload the bundle bytes with Content-Type: ${BUNDLE_CONTENT_TYPE}`,
      );
    }
    if (!options.trust)
      throw new GatewayError('internal', 'the gateway has no SIGNING_TRUST_BUNDLE; it cannot accept bundles');
    const signatureHeader = request.headers[HEADER.bundleSignature];
    const signature =
      typeof signatureHeader === 'string' ? Buffer.from(signatureHeader, 'base64url').toString('utf8') : undefined;
    let bundle;
    let signer: string;
    try {
      signer = verifyBundle(request.body, signature, options.trust).signer;
      bundle = readBundle(request.body);
    } catch (error) {
      if (isBundleError(error)) throw new GatewayError(error.code, error.message);
      throw error;
    }
    if (
      credential.kind === 'publisher' &&
      !matchesExtensionPattern(credential.publisher.extensions, bundle.manifest.name)
    ) {
      throw new GatewayError(
        'forbidden',
        `publisher credential "${credential.publisher.name}" covers ${credential.publisher.extensions.join(', ')}, not ${bundle.manifest.name}`,
      );
    }
    const { version, created } = await registry.publish({
      extensionId: bundle.manifest.name,
      version: bundle.manifest.version,
      contentHash: bundle.contentHash,
      // Computed here, where the bundle's files are at hand, so a listing never reads a bundle.
      uiHash: uiHashOf(bundle.manifest, bundle.files),
      manifest: bundle.manifest,
      signer,
    });
    if (created) {
      // Into the runner's store, atomically: the runner verifies it again before any use.
      await writeToStoreFolder(
        options.bundleStore,
        { contentHash: bundle.contentHash, bytes: request.body },
        signature ?? '',
      );
    }
    request.log.info(
      {
        audit: 'bundle.publish',
        extensionId: bundle.manifest.name,
        version: bundle.manifest.version,
        by: credential.kind === 'publisher' ? credential.publisher.id : 'platform',
      },
      created ? 'bundle published' : 'bundle already published',
    );
    reply.code(created ? 201 : 200);
    return { version: versionView(version), created };
  });

  app.get('/api/admin/versions', async (request) => {
    await requireAdmin(request, options);
    return { versions: (await registry.versions()).map(versionView) };
  });

  app.get('/api/admin/installs', async (request) => {
    const admin = await requireAdmin(request, options);
    return {
      installs: (await registry.installs(admin.kind === 'tenant' ? admin.tenantId : undefined)).map(installView),
    };
  });

  app.post('/api/admin/installs', async (request, reply) => {
    const admin = await requireAdmin(request, options);
    const parsed = parseOrError(InstallCreate, request.body, { label: 'install' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const body = parsed.value;
    canManage(admin, body.tenantId);
    const version = await registry.version(body.extensionId, body.version);
    if (!version) throw new GatewayError('not_found', `${body.extensionId} ${body.version} is not published`);
    const grants = body.grants ?? version.manifest.capabilities;
    const egress = body.egress ?? version.manifest.http?.allow ?? [];
    checkGrants(version.manifest, grants, egress);
    const install = await registry.createInstall({
      tenantId: body.tenantId,
      extensionId: body.extensionId,
      version: body.version,
      contentHash: version.contentHash,
      enabled: body.enabled,
      grants,
      config: body.config,
      secrets: body.secrets,
      egress,
    });
    request.log.info(
      { audit: 'install.create', installId: install.id, tenantId: install.tenantId, extensionId: install.extensionId },
      'install created',
    );
    options.onInstallChanged?.(install);
    reply.code(201);
    return { install: installView(install) };
  });

  app.patch<{ Params: { id: string } }>('/api/admin/installs/:id', async (request) => {
    const admin = await requireAdmin(request, options);
    const found = await registry.install(request.params.id);
    if (!found) throw new GatewayError('install_not_found', `no install ${request.params.id}`);
    canManage(admin, found.tenantId); // an install's tenant never changes
    const parsed = parseOrError(InstallPatch, request.body, { label: 'install change' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const change = parsed.value;
    // Read (and cached: versions never change) before the transaction, so that the change below
    // normally finds it without taking a second pooled connection while holding one.
    await registry.version(found.extensionId, change.version ?? found.version);
    // Computed from the install as stored when the change is written (one transaction), so that
    // two administrators changing it at once, on any replica, never undo each other's fields.
    const install = await registry.updateInstall(found.id, async (current) => {
      const versionName = change.version ?? current.version;
      const version = await registry.version(current.extensionId, versionName);
      if (!version) throw new GatewayError('not_found', `${current.extensionId} ${versionName} is not published`);
      const grants = change.grants ?? current.grants.filter((g) => version.manifest.capabilities.includes(g));
      const egress = change.egress ?? current.egress.filter((o) => version.manifest.http?.allow.includes(o as never));
      checkGrants(version.manifest, grants, egress);
      return {
        version: versionName,
        contentHash: version.contentHash,
        grants,
        egress,
        ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
        ...(change.config === undefined ? {} : { config: change.config }),
        ...(change.secrets === undefined ? {} : { secrets: change.secrets }),
      };
    });
    request.log.info(
      { audit: 'install.update', installId: install.id, tenantId: install.tenantId, fields: Object.keys(change) },
      'install updated',
    );
    options.onInstallChanged?.(install);
    return { install: installView(install) };
  });
};
