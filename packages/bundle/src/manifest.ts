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
  if (manifest.ui) checkEntryPointFiles(manifest.ui, paths, where);
}

/**
 * The file an entry point's path names inside the UI folder (`/modal.html` → `ui/modal.html`), or
 * undefined for a client-side route: a last segment without a `.` is served by `ui.entry`, as the
 * runner does, so only a path with a file extension must exist.
 */
export function entryPointFile(ui: { entry: string }, path: string): string | undefined {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (!last.includes('.')) return undefined;
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Not valid percent-encoding: compared as written (and then missing, with a clear message).
  }
  return `${posix.dirname(ui.entry)}${decoded}`;
}

/** Throws `bundle_invalid` naming the entry point whose path names a file the UI folder lacks. */
function checkEntryPointFiles(ui: NonNullable<Manifest['ui']>, paths: ReadonlySet<string>, where: string): void {
  ui.entryPoints?.forEach((point, i) => {
    const file = entryPointFile(ui, point.path);
    if (file === undefined || paths.has(file)) return;
    throw new BundleError(
      'bundle_invalid',
      `${where}: ui.entryPoints[${i}] ("${point.id}") has path "${point.path}", so the UI folder must hold "${file}", which is not in the bundle; add that file, or use a path without a file extension for a client-side route served by ${ui.entry}`,
    );
  });
}
