import { access, constants, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentHash } from '@extsys/protocol';
import { RunnerError } from '../errors.js';
import { storeKeys, type BundleStore, type StoredBundle } from './store.js';

const MAX_SIGNATURE_BYTES = 16 * 1024;

/** Reads a file of at most `maxBytes`, or null when it does not exist. */
async function readCapped(path: string, maxBytes: number, what: string): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RunnerError('bundle_store_unavailable', `bundle store: cannot open ${what}: ${(error as Error).message}`);
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new RunnerError('bundle_store_unavailable', `bundle store: ${what} is not a file`);
    if (size > maxBytes) {
      throw new RunnerError('bundle_too_large', `${what} is ${size} bytes; the runner accepts at most ${maxBytes}`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A folder laid out as `storeKeys` says; the embedded default. */
export class LocalBundleStore implements BundleStore {
  constructor(
    readonly location: string,
    private readonly maxBundleBytes: number,
  ) {}

  async fetch(contentHash: ContentHash): Promise<StoredBundle | null> {
    const keys = storeKeys(contentHash);
    const bytes = await readCapped(join(this.location, keys.bundle), this.maxBundleBytes, `bundle ${contentHash}`);
    if (!bytes) return null;
    const signature = await readCapped(join(this.location, keys.signature), MAX_SIGNATURE_BYTES, 'its signature');
    return { bytes, signature: signature?.toString('utf8') };
  }

  async check(): Promise<void> {
    await access(this.location, constants.R_OK).catch((error: Error) => {
      throw new RunnerError(
        'bundle_store_unavailable',
        `bundle store ${this.location} is not readable: ${error.message}`,
      );
    });
  }
}
