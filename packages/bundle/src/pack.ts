import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ContentHash, type Manifest } from '@extsys/protocol';
import { writeArchive, type ArchiveEntry } from './archive.js';
import { collectSourceFiles } from './collect.js';
import { BundleError } from './errors.js';
import { assertManifestMatchesContract, readHandlerContract } from './handler-contract.js';
import { hashBundle } from './hash.js';
import { resolveLimits, type BundleLimits } from './limits.js';
import { checkManifestFiles, MANIFEST_PATH, parseManifest } from './manifest.js';
import { type Progress } from './progress.js';

export interface PackOptions {
  limits?: Partial<BundleLimits>;
  /** Called after each file is read. */
  onProgress?: (progress: Progress) => void;
}

export interface PackedBundle {
  /** The canonical archive: write these bytes as the bundle file. */
  bytes: Uint8Array;
  contentHash: ContentHash;
  manifest: Manifest;
  files: { path: string; size: number }[];
  /** What the bundle holds that the runner will refuse, e.g. a js@1 module that does not load. */
  warnings: string[];
}

/** `com.acme.hello-1.2.0.bundle.tar`: the file name `pack` gives a bundle by default. */
export function bundleFileName(manifest: Pick<Manifest, 'name' | 'version'>): string {
  return `${manifest.name}-${manifest.version}.bundle.tar`;
}

/**
 * Packs the extension in `dir` into a bundle: validates its `manifest.json`, collects the files
 * it names (see collectSourceFiles) and writes them as the canonical archive. The same files give
 * the same bytes, hence the same content hash, wherever and whenever they are packed: only paths
 * and contents go into the archive, never times, modes or owners. For a `js@1` module built with a
 * contract (`serve(contract, ...)`), the manifest's `api.endpoints` must declare exactly the
 * contract's routes (see handler-contract.ts).
 */
export async function packBundle(dir: string, options: PackOptions = {}): Promise<PackedBundle> {
  const limits = resolveLimits(options.limits);
  const root = resolve(dir);
  const manifestBytes = await readFile(join(root, MANIFEST_PATH)).catch((error: NodeJS.ErrnoException) => {
    throw new BundleError(
      'bundle_invalid',
      error.code === 'ENOENT'
        ? `${join(root, MANIFEST_PATH)}: not found; an extension folder needs a manifest.json`
        : `${join(root, MANIFEST_PATH)}: cannot read (${error.message})`,
    );
  });
  const manifest = parseManifest(manifestBytes, join(root, MANIFEST_PATH));
  const sources = await collectSourceFiles(root, manifest, limits);
  checkManifestFiles(manifest, new Set(sources.map((file) => file.path)), root);

  const entries: ArchiveEntry[] = [];
  for (const file of sources) {
    const data = await readRegularFile(file.absolutePath, file.path);
    if (data.byteLength !== file.size) {
      throw new BundleError('bundle_invalid', `${file.path}: changed while it was being packed; pack again`);
    }
    entries.push({ path: file.path, data });
    options.onProgress?.({ done: entries.length, total: sources.length, path: file.path });
  }
  const warnings: string[] = [];
  if (manifest.runtime === 'js@1' && manifest.api) {
    const module = entries.find((entry) => entry.path === manifest.api!.module)!;
    const routes = await readHandlerContract(new TextDecoder().decode(module.data), module.path).catch(
      (error: unknown) => {
        // Like a wasm@1 module, a js@1 module that does not load is the runner's to refuse
        // (module_invalid, at load): pack says so but still packs (the runner's own tests pack
        // broken modules on purpose). `build-handler` is where a broken module stops.
        if (!(error instanceof BundleError) || error.code !== 'module_invalid') throw error;
        warnings.push(`${error.message}; the runner will refuse it (module_invalid)`);
        return undefined;
      },
    );
    if (routes) assertManifestMatchesContract(manifest, routes, join(root, MANIFEST_PATH));
  }
  const bytes = writeArchive(entries);
  return {
    bytes,
    contentHash: hashBundle(bytes),
    manifest,
    files: sources.map(({ path, size }) => ({ path, size })),
    warnings,
  };
}

/** Reads a file without following a symbolic link that replaced it after it was checked. */
async function readRegularFile(absolutePath: string, path: string): Promise<Uint8Array> {
  const handle = await open(absolutePath, constants.O_RDONLY | constants.O_NOFOLLOW).catch(
    (error: NodeJS.ErrnoException) => {
      throw new BundleError('bundle_invalid', `${path}: cannot read (${error.code ?? error.message})`);
    },
  );
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
