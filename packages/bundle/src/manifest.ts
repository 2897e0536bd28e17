import { posix } from 'node:path';
import { Manifest } from '@extsys/protocol';
import { BundleError } from './errors.js';
import { parseJsonDocument } from './json-document.js';

/** Every bundle has its manifest at this path. */
export const MANIFEST_PATH = 'manifest.json';

/** Parses and validates manifest bytes; problems are `manifest_invalid` naming the field. */
export function parseManifest(bytes: Uint8Array, source = MANIFEST_PATH): Manifest {
  return parseJsonDocument(Manifest, bytes, { code: 'manifest_invalid', label: 'manifest', source });
}

/**
 * The folder pack bundles as the UI: the folder of `ui.entry` (e.g. `ui` for `ui/index.html`;
 * the manifest schema requires the entry to be inside a folder).
 */
export function uiFolder(manifest: Manifest): string | undefined {
  return manifest.ui ? posix.dirname(manifest.ui.entry) : undefined;
}

/**
 * Throws `bundle_invalid` unless every file the manifest names is among `paths`
 * (an asset may name a folder, which must then hold at least one file).
 */
export function checkManifestFiles(manifest: Manifest, paths: ReadonlySet<string>, where: string): void {
  const has = (path: string) => paths.has(path);
  const hasFolder = (path: string) => [...paths].some((p) => p.startsWith(`${path}/`));
  const missing = (field: string, path: string) =>
    new BundleError('bundle_invalid', `${where}: ${field} names "${path}", which is not in the bundle`);
  if (manifest.ui && !has(manifest.ui.entry)) throw missing('ui.entry', manifest.ui.entry);
  if (manifest.api && !has(manifest.api.module)) throw missing('api.module', manifest.api.module);
  manifest.assets?.forEach((asset, i) => {
    if (!has(asset) && !hasFolder(asset)) throw missing(`assets[${i}]`, asset);
  });
}
