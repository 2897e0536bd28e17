import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertBundleHash,
  extractBundle,
  isBundleError,
  verifyBundle,
  type BundleLimits,
  type TrustBundle,
} from '@extsys/bundle';
import { CONTENT_HASH_PATTERN, type ContentHash, type Manifest } from '@extsys/protocol';
import { RunnerError } from '../errors.js';
import type { RunnerMetrics } from '../metrics.js';
import { NegativeCache, type NegativeCacheOptions } from './negative-cache.js';
import type { BundleStore, StoredBundle } from './store.js';

export interface CachedFile {
  /** Bytes on disk. */
  size: number;
  /** Strong ETag, computed once when the bundle is loaded. */
  etag: string;
}

/** A verified, extracted bundle as the serving code sees it. */
export interface LoadedBundle {
  contentHash: ContentHash;
  manifest: Manifest;
  /** Signer name from the trust bundle, or null when signatures are not required and absent. */
  signer: string | null;
  /** Folder holding the bundle's files. */
  dir: string;
  /** Bundle-relative path → file facts. */
  files: ReadonlyMap<string, CachedFile>;
  totalBytes: number;
}

/** What is written beside an extracted bundle once it is verified: the cache's memory across restarts. */
interface IndexFile {
  contentHash: ContentHash;
  manifest: Manifest;
  signer: string | null;
  files: [string, CachedFile][];
  totalBytes: number;
}

export interface BundleCacheOptions {
  dir: string;
  maxBytes: number;
  store: BundleStore;
  /** Required unless `requireSignatures` is false. */
  trust: TrustBundle | undefined;
  requireSignatures: boolean;
  limits?: Partial<BundleLimits>;
  /** Refusals remembered per hash; absent = none (every request for an unknown hash asks the store). */
  negative?: NegativeCacheOptions;
  metrics?: Pick<RunnerMetrics, 'bundleStoreFetches' | 'bundleNegativeCache'>;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

const INDEX_SUFFIX = '.index.json';
const hexOf = (hash: ContentHash) => hash.slice('sha256:'.length);

/**
 * Verified bundles on local disk, bounded by bytes (least recently used evicted first) and kept
 * across restarts. On the first use of a content hash the bundle is fetched from the store once
 * (concurrent requests share that fetch), its hash and signature are verified, and only then is it
 * extracted (atomically) and indexed; a bundle that fails leaves nothing behind.
 *
 * Refusals that are facts about the stored object — the store has nothing under the hash, or the
 * bytes it has fail verification or extraction — are remembered for a short TTL (`NegativeCache`)
 * and answered again, same code and message, without a fetch: anyone can name a hash in an ext-ui
 * URL, and must not be able to make the runner re-download or re-verify it on every request.
 * They are not remembered for good: the hash fixes the bytes but not the detached signature (a
 * `.sig` uploaded after the bundle, a publisher's copy still in progress, a corrupt object replaced
 * by the true bytes all turn a refusal into a valid bundle under the same hash), so a remembered
 * refusal is fetched and verified again once its TTL has passed. What the store throws (unreachable,
 * 5xx, over the size cap while reading) and local failures (disk full) are never remembered: they
 * say nothing lasting about the hash, and remembering them would stretch a blip into a TTL-long
 * outage.
 */
export class BundleCache {
  private readonly loaded = new Map<ContentHash, LoadedBundle>(); // insertion order = LRU order
  private readonly loading = new Map<ContentHash, Promise<LoadedBundle>>();
  private readonly refused: NegativeCache;
  private bytes = 0;
  /** Store fetches started (for tests and metrics). */
  fetches = 0;

  constructor(private readonly options: BundleCacheOptions) {
    if (options.requireSignatures && !options.trust) {
      throw new Error('BundleCache: a trust bundle is required when signatures are required');
    }
    this.refused = new NegativeCache(options.negative ?? { ttlMs: 0, maxEntries: 0 });
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.loaded.size;
  }

  has(contentHash: ContentHash): boolean {
    return this.loaded.has(contentHash);
  }

  /** Marks a cached bundle as just used (for LRU order); false when it is no longer cached. */
  touch(contentHash: ContentHash): boolean {
    const bundle = this.loaded.get(contentHash);
    if (!bundle) return false;
    this.loaded.delete(contentHash);
    this.loaded.set(contentHash, bundle);
    return true;
  }

  /** Loads the indexes of bundles verified by an earlier run; removes anything half-written. */
  async init(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    const names = await readdir(this.options.dir);
    const indexed = new Set<string>();
    const byAge: { bundle: LoadedBundle; usedAt: number }[] = [];
    for (const name of names.filter((n) => n.endsWith(INDEX_SUFFIX))) {
      const hex = name.slice(0, -INDEX_SUFFIX.length);
      const indexPath = join(this.options.dir, name);
      try {
        const index = JSON.parse(await readFile(indexPath, 'utf8')) as IndexFile;
        if (!CONTENT_HASH_PATTERN.test(index.contentHash) || hexOf(index.contentHash) !== hex)
          throw new Error('bad index');
        // Loaded while signatures were optional: not trusted once they are required.
        if (this.options.requireSignatures && index.signer === null) throw new Error('unsigned');
        const dir = join(this.options.dir, hex);
        await stat(dir);
        byAge.push({ bundle: this.fromIndex(index, dir), usedAt: (await stat(indexPath)).mtimeMs });
        indexed.add(hex);
      } catch {
        await rm(indexPath, { force: true });
      }
    }
    for (const name of names) {
      if (!name.endsWith(INDEX_SUFFIX) && !indexed.has(name)) {
        await rm(join(this.options.dir, name), { recursive: true, force: true });
      }
    }
    for (const { bundle } of byAge.sort((a, b) => a.usedAt - b.usedAt)) this.remember(bundle);
    await this.evict();
  }

  /** The verified bundle for `contentHash`, fetching and verifying it on first use. */
  async get(contentHash: ContentHash): Promise<LoadedBundle> {
    const cached = this.loaded.get(contentHash);
    if (cached) {
      this.touch(contentHash);
      return cached;
    }
    let pending = this.loading.get(contentHash);
    if (!pending) {
      const refusal = this.refused.get(contentHash);
      if (refusal) {
        this.options.metrics?.bundleNegativeCache.inc({ result: 'hit', code: refusal.code });
        throw refusal;
      }
      // Concurrent first requests (hits or misses) share this one fetch.
      pending = this.load(contentHash).finally(() => this.loading.delete(contentHash));
      this.loading.set(contentHash, pending);
    }
    return pending;
  }

  /** Remembers a refusal of the stored object (see the class comment) and returns it to throw. */
  private refuse(contentHash: ContentHash, error: RunnerError): RunnerError {
    this.refused.remember(contentHash, error);
    if (this.refused.enabled) this.options.metrics?.bundleNegativeCache.inc({ result: 'added', code: error.code });
    return error;
  }

  private async fetch(contentHash: ContentHash): Promise<StoredBundle | null> {
    this.fetches++;
    try {
      const stored = await this.options.store.fetch(contentHash);
      this.options.metrics?.bundleStoreFetches.inc({ outcome: stored ? 'found' : 'not_found' });
      return stored;
    } catch (error) {
      this.options.metrics?.bundleStoreFetches.inc({ outcome: 'error' });
      throw error;
    }
  }

  private async load(contentHash: ContentHash): Promise<LoadedBundle> {
    const stored = await this.fetch(contentHash);
    if (!stored) {
      throw this.refuse(
        contentHash,
        new RunnerError('bundle_not_found', `no bundle ${contentHash} in the bundle store`),
      );
    }
    let signer: string | null = null;
    try {
      if (this.options.trust && (this.options.requireSignatures || stored.signature)) {
        signer = verifyBundle(stored.bytes, stored.signature, this.options.trust, { expectedHash: contentHash }).signer;
      } else {
        assertBundleHash(stored.bytes, contentHash);
      }
    } catch (error) {
      if (isBundleError(error)) {
        this.options.log?.warn({ contentHash, code: error.code }, 'bundle refused');
        throw this.refuse(contentHash, new RunnerError(error.code, error.message));
      }
      throw error;
    }
    const hex = hexOf(contentHash);
    const dir = join(this.options.dir, hex);
    // A folder left without an index (a crash mid-load) is not trusted: start clean.
    await rm(dir, { recursive: true, force: true });
    let extracted;
    try {
      extracted = await extractBundle(stored.bytes, dir, this.options.limits ? { limits: this.options.limits } : {});
    } catch (error) {
      // The archive itself is unacceptable (links, `..`, over the caps): as lasting as a bad signature.
      if (isBundleError(error)) throw this.refuse(contentHash, new RunnerError(error.code, error.message));
      throw error;
    }
    const files: [string, CachedFile][] = extracted.files.map((file) => [
      file.path,
      { size: file.size, etag: `"${createHash('sha256').update(file.data).digest('base64url')}"` },
    ]);
    const index: IndexFile = {
      contentHash,
      manifest: extracted.manifest,
      signer,
      files,
      totalBytes: files.reduce((sum, [, f]) => sum + f.size, 0),
    };
    const indexPath = join(this.options.dir, `${hex}${INDEX_SUFFIX}`);
    await writeFile(`${indexPath}.tmp`, JSON.stringify(index));
    await rename(`${indexPath}.tmp`, indexPath);
    const bundle = this.fromIndex(index, dir);
    this.remember(bundle);
    this.options.log?.info({ contentHash, signer, bytes: bundle.totalBytes }, 'bundle verified and cached');
    await this.evict(contentHash);
    return bundle;
  }

  private fromIndex(index: IndexFile, dir: string): LoadedBundle {
    return {
      contentHash: index.contentHash,
      manifest: index.manifest,
      signer: index.signer,
      dir,
      files: new Map(index.files),
      totalBytes: index.totalBytes,
    };
  }

  private remember(bundle: LoadedBundle): void {
    this.loaded.set(bundle.contentHash, bundle);
    this.bytes += bundle.totalBytes;
  }

  /** Drops least recently used bundles until under the byte cap; never the one just loaded. */
  private async evict(keep?: ContentHash): Promise<void> {
    for (const [hash, bundle] of this.loaded) {
      if (this.bytes <= this.options.maxBytes) break;
      if (hash === keep) continue;
      this.loaded.delete(hash);
      this.bytes -= bundle.totalBytes;
      // Index first: a crash between the two leaves an unindexed folder, which init() removes.
      await rm(join(this.options.dir, `${hexOf(hash)}${INDEX_SUFFIX}`), { force: true });
      await rm(bundle.dir, { recursive: true, force: true });
      this.options.log?.info({ contentHash: hash, bytes: bundle.totalBytes }, 'bundle evicted from cache');
    }
  }

  /** Readiness: the cache folder accepts writes. */
  async checkWritable(): Promise<void> {
    const probe = join(this.options.dir, `.probe-${process.pid}`);
    try {
      await writeFile(probe, '');
      await rm(probe, { force: true });
    } catch (error) {
      throw new RunnerError(
        'internal',
        `bundle cache ${this.options.dir} is not writable: ${(error as Error).message}`,
      );
    }
  }
}
