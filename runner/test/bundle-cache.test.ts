import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContentHash } from '@extsys/protocol';
import { LocalBundleStore } from '../src/bundles/local-store.js';
import { storeKeys, type BundleStore } from '../src/bundles/store.js';
import {
  keygen,
  packAndSign,
  publish,
  tempDir,
  typicalUi,
  writeExtension,
  type PackedBundle,
} from './support/bundles.js';
import { json, rawRequest } from './support/http.js';
import { startRunner, type StartedRunner } from './support/runner.js';

let work: string;
let trusted: { key: string; trust: string };
let stranger: { key: string; trust: string };
let hello: PackedBundle;
let other: PackedBundle;
let strangerSigned: PackedBundle;
let unsigned: PackedBundle;
const started: StartedRunner[] = [];
let cacheCount = 0;
let lastCacheDir = '';

/** A store that counts fetches, over a real local store. */
function countingStore(dir: string): BundleStore & { fetched: ContentHash[] } {
  const inner = new LocalBundleStore(dir, 64 * 1024 * 1024);
  const fetched: ContentHash[] = [];
  return {
    location: dir,
    fetched,
    fetch: async (hash) => {
      fetched.push(hash);
      await new Promise((resolve) => setTimeout(resolve, 30)); // make concurrent first requests overlap
      return inner.fetch(hash);
    },
    check: () => inner.check(),
  };
}

async function start(env: Record<string, string>, store?: BundleStore): Promise<StartedRunner> {
  lastCacheDir = join(work, `cache-${cacheCount++}`);
  const runner = await startRunner(
    { SIGNING_TRUST_BUNDLE: trusted.trust, BUNDLE_CACHE_DIR: lastCacheDir, ...env },
    store ? { store } : {},
  );
  started.push(runner);
  return runner;
}

const page = (bundle: PackedBundle, name = 'com.acme.hello') => `/ext-ui/${name}/${bundle.contentHash}/index.html`;

beforeAll(async () => {
  work = await tempDir('cache');
  trusted = await keygen(join(work, 'keys'), 'release');
  stranger = await keygen(join(work, 'keys'), 'stranger');
  await writeExtension(join(work, 'hello'), { name: 'com.acme.hello', files: typicalUi() });
  await writeExtension(join(work, 'other'), {
    name: 'com.acme.other',
    files: { ...typicalUi(), 'ui/extra.js': 'x'.repeat(50_000) },
  });
  hello = await packAndSign(join(work, 'hello'), work, trusted.key);
  other = await packAndSign(join(work, 'other'), work, trusted.key);
  strangerSigned = await packAndSign(join(work, 'hello'), work, stranger.key);
  unsigned = await packAndSign(join(work, 'hello'), work, null);
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((runner) => runner.close()));
});

describe('verification before anything is served', () => {
  it('refuses a tampered bundle and leaves nothing in the cache', async () => {
    const store = join(work, 'store-tampered');
    await publish(store, hello);
    const path = join(store, storeKeys(hello.contentHash).bundle);
    const bytes = await readFile(path);
    bytes[1000] = (bytes[1000] ?? 0) ^ 0xff;
    await writeFile(path, bytes);
    const runner = await start({ BUNDLE_STORE: store });
    const res = await rawRequest(runner.url, page(hello));
    expect(res.status).toBe(422);
    expect(json(res).error.code).toBe('bundle_hash_mismatch');
    expect(json(res).error.message).toContain(hello.contentHash);
    expect(await readdir(lastCacheDir)).toEqual([]);
    expect(runner.cache.size).toBe(0);
  });

  it('refuses a bundle signed by a key outside the trust bundle', async () => {
    const store = join(work, 'store-stranger');
    await publish(store, strangerSigned);
    const runner = await start({ BUNDLE_STORE: store });
    const res = await rawRequest(runner.url, page(strangerSigned));
    expect(res.status).toBe(422);
    expect(json(res).error.code).toBe('bundle_signer_untrusted');
    expect(runner.cache.size).toBe(0);
  });

  it('refuses an unsigned bundle when signatures are required, serves it when they are not', async () => {
    const store = join(work, 'store-unsigned');
    await publish(store, unsigned, { withSignature: false });
    const strict = await start({ BUNDLE_STORE: store });
    const refused = await rawRequest(strict.url, page(unsigned));
    expect(refused.status).toBe(422);
    expect(json(refused).error.code).toBe('bundle_signature_missing');

    const lax = await start({ BUNDLE_STORE: store, REQUIRE_SIGNATURES: 'false' });
    expect((await rawRequest(lax.url, page(unsigned))).status).toBe(200);
  });

  it('refuses a signature file that covers another bundle', async () => {
    const store = join(work, 'store-swapped');
    await publish(store, hello);
    // A valid signature, but of another bundle, next to hello.
    await writeFile(join(store, storeKeys(hello.contentHash).signature), await readFile(other.signaturePath));
    const runner = await start({ BUNDLE_STORE: store });
    const res = await rawRequest(runner.url, page(hello));
    expect(json(res).error.code).toBe('bundle_hash_mismatch');
  });

  it('refuses to start without a trust bundle when signatures are required', async () => {
    await expect(startRunner({ BUNDLE_STORE: work, BUNDLE_CACHE_DIR: join(work, 'nope') })).rejects.toThrow(
      /SIGNING_TRUST_BUNDLE is not set/,
    );
  });
});

describe('the bundle cache', () => {
  it('fetches once for concurrent first requests', async () => {
    const dir = join(work, 'store-concurrent');
    await publish(dir, hello);
    const store = countingStore(dir);
    const runner = await start({ BUNDLE_STORE: dir }, store);
    const responses = await Promise.all(Array.from({ length: 12 }, () => rawRequest(runner.url, page(hello))));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(store.fetched).toEqual([hello.contentHash]);
  });

  it('evicts the least recently used bundle under the byte cap, and fetches it again when needed', async () => {
    const dir = join(work, 'store-evict');
    await publish(dir, hello);
    await publish(dir, other);
    const measure = await start({ BUNDLE_STORE: dir });
    const sizes = [hello, other].map(async (b) => (await measure.cache.get(b.contentHash)).totalBytes);
    const [helloBytes = 0, otherBytes = 0] = await Promise.all(sizes);
    expect(otherBytes).toBeGreaterThan(helloBytes);
    const cap = helloBytes + otherBytes - 1; // room for the larger bundle alone, not for both
    const store = countingStore(dir);
    const runner = await start({ BUNDLE_STORE: dir, BUNDLE_CACHE_MAX_BYTES: String(cap) }, store);
    expect((await rawRequest(runner.url, page(hello))).status).toBe(200);
    expect((await rawRequest(runner.url, page(other, 'com.acme.other'))).status).toBe(200);
    expect(runner.cache.has(hello.contentHash)).toBe(false);
    expect(runner.cache.has(other.contentHash)).toBe(true);
    expect(runner.cache.totalBytes).toBe(otherBytes);
    expect((await readdir(lastCacheDir)).filter((n) => !n.endsWith('.json'))).toEqual([other.contentHash.slice(7)]);
    expect((await rawRequest(runner.url, page(hello))).status).toBe(200);
    expect(store.fetched).toEqual([hello.contentHash, other.contentHash, hello.contentHash]);
  });

  it('forgets bundles cached while signatures were optional once they are required', async () => {
    const dir = join(work, 'store-lax-then-strict');
    await publish(dir, unsigned, { withSignature: false });
    const cacheDir = join(work, 'cache-lax-then-strict');
    const lax = await startRunner({ BUNDLE_STORE: dir, BUNDLE_CACHE_DIR: cacheDir, REQUIRE_SIGNATURES: 'false' });
    expect((await rawRequest(lax.url, page(unsigned))).status).toBe(200);
    await lax.close();
    const strict = await startRunner({
      BUNDLE_STORE: dir,
      BUNDLE_CACHE_DIR: cacheDir,
      SIGNING_TRUST_BUNDLE: trusted.trust,
    });
    started.push(strict);
    expect(strict.cache.has(unsigned.contentHash)).toBe(false);
    const res = await rawRequest(strict.url, page(unsigned));
    expect(json(res).error.code).toBe('bundle_signature_missing');
  });

  it('survives a restart: verified bundles are served again without a fetch', async () => {
    const dir = join(work, 'store-restart');
    await publish(dir, hello);
    const cacheDir = join(work, 'cache-restart');
    const first = await startRunner({
      BUNDLE_STORE: dir,
      BUNDLE_CACHE_DIR: cacheDir,
      SIGNING_TRUST_BUNDLE: trusted.trust,
    });
    const before = await rawRequest(first.url, page(hello));
    await first.close();
    // A half-written extraction from a crash must not survive the restart.
    await writeFile(join(cacheDir, 'deadbeef'), 'partial');
    const store = countingStore(join(work, 'empty-store'));
    const second = await startRunner(
      { BUNDLE_STORE: dir, BUNDLE_CACHE_DIR: cacheDir, SIGNING_TRUST_BUNDLE: trusted.trust },
      { store },
    );
    started.push(second);
    const after = await rawRequest(second.url, page(hello));
    expect(after.status).toBe(200);
    expect(after.body.equals(before.body)).toBe(true);
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(store.fetched).toEqual([]);
    expect(await readdir(cacheDir)).not.toContain('deadbeef');
  });
});

describe('an HTTP(S) bundle store', () => {
  let server: Server;
  let requests: string[];
  let down = false;

  beforeAll(async () => {
    const dir = join(work, 'store-http');
    await publish(dir, hello);
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (down) return res.destroy();
      const file = join(dir, (req.url ?? '').replace(/^\/objects\//, ''));
      readFile(file).then(
        (data) => res.writeHead(200, { 'content-length': data.length }).end(data),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const storeUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/objects/`;

  it('fetches bundle and signature by content hash, once', async () => {
    requests.length = 0;
    const runner = await start({ BUNDLE_STORE: storeUrl() });
    const responses = await Promise.all(Array.from({ length: 5 }, () => rawRequest(runner.url, page(hello))));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const keys = storeKeys(hello.contentHash);
    expect(requests.filter((url) => url !== '/objects/')).toEqual([
      `/objects/${keys.bundle}`,
      `/objects/${keys.signature}`,
    ]);
  });

  it('answers a hash the store does not have with bundle_not_found', async () => {
    const runner = await start({ BUNDLE_STORE: storeUrl() });
    const res = await rawRequest(runner.url, page(other, 'com.acme.other'));
    expect(res.status).toBe(404);
    expect(json(res).error.code).toBe('bundle_not_found');
  });

  it('reports a store that is down as retriable, and not ready', async () => {
    const runner = await start({ BUNDLE_STORE: storeUrl(), BUNDLE_FETCH_TIMEOUT_MS: '2000' });
    down = true;
    try {
      const res = await rawRequest(runner.url, page(hello));
      expect(res.status).toBe(503);
      expect(json(res).error).toMatchObject({ code: 'bundle_store_unavailable', retriable: true });
      expect((await rawRequest(runner.url, '/readyz')).status).toBe(503);
    } finally {
      down = false;
    }
    expect((await rawRequest(runner.url, page(hello))).status).toBe(200);
  });
});
