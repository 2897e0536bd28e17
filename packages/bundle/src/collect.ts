import { type Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Manifest } from '@extsys/protocol';
import { ARCHIVE_END_BYTES, archiveEntryBytes, archivePathProblem, comparePaths } from './archive.js';
import { BundleError } from './errors.js';
import { formatBytes, type BundleLimits } from './limits.js';
import { MANIFEST_PATH, uiFolder } from './manifest.js';

/** A file of the extension's source tree that goes into the bundle. */
export interface SourceFile {
  /** Its path inside the bundle (and relative to the extension folder). */
  readonly path: string;
  readonly absolutePath: string;
  readonly size: number;
}

/**
 * The files a bundle of the extension in `root` holds, sorted by path: `manifest.json`, the folder
 * of `ui.entry`, `api.module` (and a js@1 module's `.map` beside it) and each of `assets` (a file or a folder). Refuses symbolic links,
 * hidden files, special files, paths a bundle cannot hold and anything over `limits`, each with a
 * message naming the file.
 */
export async function collectSourceFiles(
  root: string,
  manifest: Manifest,
  limits: BundleLimits,
): Promise<SourceFile[]> {
  const files = new Map<string, SourceFile>();
  const roots: { field: string; path: string }[] = [{ field: 'manifest', path: MANIFEST_PATH }];
  const ui = uiFolder(manifest);
  if (ui) roots.push({ field: 'ui.entry', path: ui });
  if (manifest.api) roots.push({ field: 'api.module', path: manifest.api.module });
  manifest.assets?.forEach((path, i) => roots.push({ field: `assets[${i}]`, path }));

  const addFile = (path: string, size: number) => {
    if (files.size >= limits.maxFiles && !files.has(path)) {
      throw new BundleError('bundle_too_large', `${path}: the bundle would hold more than ${limits.maxFiles} files`);
    }
    if (size > limits.maxFileBytes) {
      throw new BundleError(
        'bundle_too_large',
        `${path}: ${formatBytes(size)} is over the ${formatBytes(limits.maxFileBytes)} per-file limit`,
      );
    }
    files.set(path, { path, absolutePath: join(root, path), size });
  };

  const walk = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, folder), { withFileTypes: true });
    } catch (error) {
      throw new BundleError('bundle_invalid', `${folder}: cannot read folder (${(error as Error).message})`);
    }
    for (const entry of entries) {
      const path = `${folder}/${entry.name}`;
      if (entry.name.startsWith('.')) {
        throw new BundleError('path_invalid', `${path}: hidden files are not bundled; delete it or rename it`);
      }
      const problem = archivePathProblem(path);
      if (problem) throw new BundleError('path_invalid', `${path}: cannot be bundled, the path ${problem}`);
      const stats = await lstat(join(root, path));
      if (stats.isSymbolicLink()) throw symlinkError(path);
      if (stats.isDirectory()) await walk(path);
      else if (stats.isFile()) addFile(path, stats.size);
      else throw new BundleError('bundle_invalid', `${path}: not a regular file; bundles hold only regular files`);
    }
  };

  for (const { field, path } of roots) {
    const stats = await lstatInside(root, path, field);
    if (stats.isDirectory()) await walk(path);
    else addFile(path, stats.size);
  }
  // A js@1 module's source map travels with it (build-handler writes it beside the module), so the
  // runner can name the author's file and line in a handler's stack trace.
  if (manifest.runtime === 'js@1' && manifest.api) {
    const mapPath = `${manifest.api.module}.map`;
    const stats = await lstat(join(root, mapPath)).catch(() => undefined);
    if (stats?.isFile()) addFile(mapPath, stats.size);
  }

  const sorted = [...files.values()].sort((a, b) => comparePaths(a.path, b.path));
  const sizes = sorted.map((file) => archiveEntryBytes(file.size));
  const total = sizes.reduce((sum, size) => sum + size, ARCHIVE_END_BYTES);
  if (total > limits.maxBundleBytes) {
    let running = ARCHIVE_END_BYTES;
    const crossing = sorted.find((_, i) => (running += sizes[i]!) > limits.maxBundleBytes)!;
    throw new BundleError(
      'bundle_too_large',
      `${crossing.path}: the bundle goes over the ${formatBytes(limits.maxBundleBytes)} limit at this file (all ${sorted.length} files make ${formatBytes(total)} with archive headers)`,
    );
  }
  return sorted;
}

function symlinkError(path: string): BundleError {
  return new BundleError(
    'bundle_invalid',
    `${path}: is a symbolic link; bundles hold only regular files (copy the target in instead)`,
  );
}

/** lstat of `path` under `root`, refusing a symbolic link at any level and a missing path. */
async function lstatInside(root: string, path: string, field: string) {
  const segments = path.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join('/');
    const stats = await lstat(join(root, prefix)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
        throw new BundleError('bundle_invalid', `${path}: named by ${field} but not found in ${root}`);
      }
      throw new BundleError('bundle_invalid', `${prefix}: cannot read (${error.message})`);
    });
    if (stats.isSymbolicLink()) throw symlinkError(prefix);
    if (i === segments.length) {
      if (!stats.isFile() && !stats.isDirectory()) {
        throw new BundleError('bundle_invalid', `${path}: not a regular file; bundles hold only regular files`);
      }
      return stats;
    }
  }
  throw new BundleError('path_invalid', `${field}: empty path`);
}
