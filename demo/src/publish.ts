import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { bundleFileName, isBundleError, packBundle, serializeSignature, signBundle } from '@extsys/bundle';
import { AdminApiError, type AdminClient } from '@extsys/gateway-stub/admin-client';
import type { InstallConfig, Manifest, VersionView } from '@extsys/protocol';
import type { DataDirLayout } from './data-dir.js';
import { StackError } from './errors.js';

/** A bundle ready to upload. */
export interface SignedBundle {
  folder: string;
  manifest: Manifest;
  contentHash: string;
  bytes: Uint8Array;
  /** The detached signature file's text, as `extsys-bundle sign` writes it. */
  signature: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Stages a copy of the extension folder, points its loopback `http.allow` origins at this stack's
 * quote API (an example allow-lists `http://127.0.0.1:8082`; a stack on another port must allow
 * that port instead, or the runner's egress check refuses the call), then packs and signs it.
 * A manifest with nothing to change is left byte for byte, so the content hash is the one
 * `extsys-bundle pack` gives for the original folder.
 */
export async function packAndSign(
  folder: string,
  layout: DataDirLayout,
  quoteApiOrigin: string,
  options: { version?: string } = {},
): Promise<SignedBundle> {
  const manifestPath = join(folder, 'manifest.json');
  let manifestText: string;
  try {
    manifestText = await readFile(manifestPath, 'utf8');
  } catch {
    throw new StackError(
      'extension_missing',
      `${manifestPath} does not exist: build the extension first (for the examples: npm run build -w @extsys-example/<name>)`,
    );
  }
  const staged = join(layout.staging, stagingName(manifestText, folder));
  await rm(staged, { recursive: true, force: true });
  await mkdir(layout.staging, { recursive: true });
  await cp(folder, staged, { recursive: true });
  const retargeted = retargetLoopbackOrigins(manifestText, quoteApiOrigin);
  const rewritten =
    options.version === undefined ? retargeted : withVersion(retargeted ?? manifestText, options.version);
  if (rewritten !== undefined) await writeFile(join(staged, 'manifest.json'), rewritten);

  try {
    const packed = await packBundle(staged);
    const key = await readFile(layout.signingKey, 'utf8');
    const signature = serializeSignature(signBundle(packed.bytes, key, { signer: 'demo' }));
    await mkdir(layout.packed, { recursive: true });
    const out = join(layout.packed, bundleFileName(packed.manifest));
    await writeFile(out, packed.bytes);
    await writeFile(`${out}.sig`, signature);
    return { folder, manifest: packed.manifest, contentHash: packed.contentHash, bytes: packed.bytes, signature };
  } catch (error) {
    if (isBundleError(error)) {
      throw new StackError('publish_failed', `${folder}: cannot pack and sign: ${error.message} [${error.code}]`);
    }
    throw error;
  }
}

/** The extension's name (its id) when the manifest says it, else the folder's name. */
function stagingName(manifestText: string, folder: string): string {
  try {
    const name = (JSON.parse(manifestText) as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith('.')) return name;
  } catch {
    // packBundle reports the syntax error
  }
  return basename(folder) || 'extension';
}

/** The manifest text with loopback `http.allow` origins replaced, or undefined if nothing changes. */
export function retargetLoopbackOrigins(manifestText: string, origin: string): string | undefined {
  let manifest: { http?: { allow?: unknown } };
  try {
    manifest = JSON.parse(manifestText) as typeof manifest;
  } catch {
    return undefined; // packBundle reports the syntax error with its position
  }
  const allow: unknown = manifest.http?.allow;
  if (!Array.isArray(allow)) return undefined;
  const next = [
    ...new Set(
      (allow as unknown[]).map((entry) => {
        if (typeof entry !== 'string') return entry;
        try {
          return LOOPBACK_HOSTS.has(new URL(entry).hostname) ? origin : entry;
        } catch {
          return entry;
        }
      }),
    ),
  ];
  if (next.length === allow.length && next.every((entry, i) => entry === allow[i])) return undefined;
  manifest.http = { ...manifest.http, allow: next };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The manifest text with another `version` (`extsys dev` publishes each build as its own version:
 * versions are immutable in the registry). Unparseable text is left for packBundle to report.
 */
export function withVersion(manifestText: string, version: string): string {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestText) as Record<string, unknown>;
  } catch {
    return manifestText;
  }
  return `${JSON.stringify({ ...manifest, version }, null, 2)}\n`;
}

/**
 * Uploads a signed bundle (an identical one already published is fine) and installs it for each
 * tenant, enabled, granted every capability of its manifest and its whole `http.allow` list, with
 * `config`; an existing install is moved to that state.
 */
export async function publishAndInstall(
  admin: AdminClient,
  bundle: SignedBundle,
  tenants: readonly string[],
  config: InstallConfig = {},
): Promise<VersionView> {
  const { manifest } = bundle;
  try {
    const { version } = await admin.publishBundle(bundle.bytes, bundle.signature);
    for (const tenantId of tenants) {
      await admin.installVersion({
        tenantId,
        extensionId: manifest.name,
        version: manifest.version,
        enabled: true,
        grants: manifest.capabilities,
        egress: manifest.http?.allow ?? [],
        config,
      });
    }
    return version;
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    if (error.code === 'version_conflict') {
      throw new StackError(
        'version_conflict',
        `${manifest.name} ${manifest.version} from ${bundle.folder} differs from the bundle this data ` +
          `dir already published under that version (versions are immutable). Bump "version" in its manifest, ` +
          `or start over with a fresh data dir (npm run demo -- --reset). Gateway: ${error.message}`,
      );
    }
    throw new StackError('publish_failed', `${error.message} [${error.code}]`);
  }
}
