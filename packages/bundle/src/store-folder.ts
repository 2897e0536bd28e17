import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ContentHash } from '@extsys/protocol';
import { storeKeys } from './store-layout.js';

/**
 * Writes a bundle's bytes, and its detached signature when given, into a bundle store folder under
 * its content hash (`storeKeys()`), each file atomically (a runner reading the store never sees half
 * a file). What a publisher does; the runner verifies both again before any use. Answers the paths.
 */
export async function writeToStoreFolder(
  storeDir: string,
  bundle: { contentHash: ContentHash; bytes: Uint8Array },
  signature?: string | Uint8Array,
): Promise<{ bundle: string; signature?: string }> {
  const keys = storeKeys(bundle.contentHash);
  const written: { bundle: string; signature?: string } = { bundle: join(storeDir, keys.bundle) };
  await writeAtomically(written.bundle, bundle.bytes);
  if (signature !== undefined) {
    written.signature = join(storeDir, keys.signature);
    await writeAtomically(written.signature, signature);
  }
  return written;
}

async function writeAtomically(path: string, bytes: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, bytes);
  await rename(`${path}.tmp`, path);
}
