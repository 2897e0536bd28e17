import { type ContentHash, type Manifest } from '@extsys/protocol';
import { readArchive } from './archive.js';
import { BundleError } from './errors.js';
import { hashBundle } from './hash.js';
import { resolveLimits, type BundleLimits } from './limits.js';
import { checkManifestFiles, MANIFEST_PATH, parseManifest } from './manifest.js';

export interface BundleFile {
  readonly path: string;
  readonly size: number;
  /** A view into the bundle's bytes. */
  readonly data: Uint8Array;
}

export interface Bundle {
  readonly contentHash: ContentHash;
  readonly manifest: Manifest;
  /** Sorted by path. */
  readonly files: readonly BundleFile[];
}

/**
 * Parses a bundle's bytes: the canonical archive (see readArchive), a valid `manifest.json`, and
 * every file the manifest names present. Does NOT check the signature: call verifyBundle first
 * when the bytes come from outside.
 */
export function readBundle(bytes: Uint8Array, options: { limits?: Partial<BundleLimits> } = {}): Bundle {
  const entries = readArchive(bytes, resolveLimits(options.limits));
  const manifestEntry = entries.find((entry) => entry.path === MANIFEST_PATH);
  if (!manifestEntry) throw new BundleError('bundle_invalid', `bundle has no ${MANIFEST_PATH}`);
  const manifest = parseManifest(manifestEntry.data, `bundle ${MANIFEST_PATH}`);
  checkManifestFiles(manifest, new Set(entries.map((entry) => entry.path)), 'bundle');
  return {
    contentHash: hashBundle(bytes),
    manifest,
    files: entries.map(({ path, data }) => ({ path, size: data.byteLength, data })),
  };
}
