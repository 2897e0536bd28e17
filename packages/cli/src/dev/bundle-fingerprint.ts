import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * A digest of every file of the built bundle folder (paths and bytes, sorted): a rebuild that wrote
 * the same files (a comment edit, a save without a change) publishes nothing.
 */
export async function bundleFingerprint(bundleDir: string): Promise<string> {
  const entries = await readdir(bundleDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(bundleDir, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}
