import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { BundleError } from './errors.js';
import { type BundleLimits } from './limits.js';
import { type Progress } from './progress.js';
import { readBundle, type Bundle } from './read.js';

export interface ExtractOptions {
  limits?: Partial<BundleLimits>;
  /** Called after each file is written. */
  onProgress?: (progress: Progress) => void;
}

/**
 * Writes a bundle's files under `destDir`, which must not exist yet (or be an empty folder), and returns the parsed bundle.
 *
 * The whole archive is parsed and checked in memory first (readBundle: no `..`, absolute paths,
 * links or special entries; size caps), so nothing is written for a bad bundle. Files are then
 * written into a fresh temporary folder beside `destDir` (same filesystem) with exclusive-create,
 * each target checked to be inside it, and the folder is renamed into place in one step. On any
 * failure the temporary folder is removed: `destDir` either appears complete or not at all. Of two
 * concurrent extractions to one `destDir`, one wins and the other fails with `conflict`.
 * Verify the signature (verifyBundle) before extracting bytes from outside.
 */
export async function extractBundle(bytes: Uint8Array, destDir: string, options: ExtractOptions = {}): Promise<Bundle> {
  const bundle = readBundle(bytes, options.limits === undefined ? {} : { limits: options.limits });
  const target = resolve(destDir);
  await mkdir(dirname(target), { recursive: true });
  const temp = await mkdtemp(join(dirname(target), `.${basename(target)}.partial-`));
  try {
    let done = 0;
    for (const file of bundle.files) {
      const path = resolve(temp, ...file.path.split('/'));
      if (!path.startsWith(temp + sep)) {
        throw new BundleError('bundle_invalid', `entry "${file.path}": resolves outside the extraction folder`);
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.data, { flag: 'wx', mode: 0o644 });
      options.onProgress?.({ done: ++done, total: bundle.files.length, path: file.path });
    }
    await chmod(temp, 0o755); // mkdtemp makes it 0700; the extracted folder reads like its subfolders
    await rename(temp, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST' || error.code === 'ENOTEMPTY') {
        throw new BundleError('conflict', `${target}: already exists; bundles are extracted only into a new folder`);
      }
      throw error;
    });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return bundle;
}
