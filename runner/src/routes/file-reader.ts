import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { LRUCache } from 'lru-cache';
import type { LoadedBundle } from '../bundles/cache.js';

/** Files at most this big are kept in memory once read; bigger ones are streamed from disk. */
const MEMORY_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Reads served files: small ones once into a byte-bounded memory LRU, big ones streamed (with
 * ranges). Every path is resolved inside the bundle's folder and checked to stay there, and
 * `onOpen` sees every file the runner opens (tests use it to prove nothing outside is read).
 */
export class FileReader {
  private readonly memory: LRUCache<string, Buffer>;

  constructor(
    maxMemoryBytes: number,
    private readonly onOpen?: (absolutePath: string) => void,
  ) {
    this.memory = new LRUCache<string, Buffer>({
      maxSize: maxMemoryBytes,
      sizeCalculation: (b) => Math.max(1, b.length),
    });
  }

  private locate(bundle: LoadedBundle, path: string): string {
    const absolute = join(bundle.dir, ...path.split('/'));
    if (!absolute.startsWith(bundle.dir + sep)) throw new Error(`refusing to read outside the bundle: ${path}`);
    this.onOpen?.(absolute);
    return absolute;
  }

  /** The whole file as bytes when it is small enough to keep in memory, else null. */
  async bytes(bundle: LoadedBundle, path: string, size: number): Promise<Buffer | null> {
    if (size > MEMORY_FILE_MAX_BYTES) return null;
    const key = `${bundle.contentHash}/${path}`;
    const cached = this.memory.get(key);
    if (cached) return cached;
    const data = await readFile(this.locate(bundle, path));
    this.memory.set(key, data);
    return data;
  }

  /** A stream of bytes [start, end] (inclusive) of a file. */
  stream(bundle: LoadedBundle, path: string, start: number, end: number): Readable {
    return createReadStream(this.locate(bundle, path), { start, end });
  }
}
