import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { uiHashOf } from '@extsys/bundle';
import type { Manifest, UiHash } from '@extsys/protocol';

export interface BundleFingerprint {
  /** Every file of the built bundle folder (paths and bytes, sorted). */
  bundle: string;
  /** The UI's identity as the gateway records it (`uiHashOf`); null without a UI. */
  ui: UiHash | null;
}

/**
 * Digests of the built bundle folder: a rebuild that wrote the same files (a comment edit, a save
 * without a change) publishes nothing, and a publish whose UI is unchanged (a handler-only change)
 * keeps open frames mounted (the host page compares UI hashes).
 */
export async function bundleFingerprint(bundleDir: string, manifest: Manifest): Promise<BundleFingerprint> {
  const entries = await readdir(bundleDir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const hash = createHash('sha256');
  const files: { path: string; data: Uint8Array }[] = [];
  for (const path of paths) {
    const bundlePath = relative(bundleDir, path).split(sep).join('/');
    const data = await readFile(path);
    hash.update(bundlePath).update('\0').update(data).update('\0');
    files.push({ path: bundlePath, data });
  }
  return { bundle: hash.digest('hex'), ui: uiHashOf(manifest, files) };
}
