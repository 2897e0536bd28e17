import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContentHash } from '@extsys/protocol';
import { LocalBundleStore } from '../src/bundles/local-store.js';
import { storeKeys, type BundleStore } from '../src/bundles/store.js';
import { RunnerError } from '../src/errors.js';
import {
  keygen,
  packAndSign,
  publish,
  tempDir,
  typicalUi,
  writeExtension,
  type PackedBundle,
} from './support/bundles.js';
import { json, rawRequest, type RawResponse } from './support/http.js';
import { metricsAuth } from './support/execute.js';
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

/**
 * A store that counts fetches, over a real local store. `failures` makes that many of the next
 * fetches fail the way an unreachable store does.
 */
function countingStore(dir: string): BundleStore & { fetched: ContentHash[]; failures: number } {
  const inner = new LocalBundleStore(dir, 64 * 1024 * 1024);
  const fetched: ContentHash[] = [];
  return {
    location: dir,
    fetched,
    failures: 0,
    async fetch(hash) {
      fetched.push(hash);
      await new Promise((resolve) => setTimeout(resolve, 30)); // make concurrent first requests overlap
      if (this.failures > 0) {
        this.failures--;
        throw new RunnerError('bundle_store_unavailable', `bundle store ${dir}: connection refused (test)`);
      }
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
/** A well-formed content hash no store holds. */
const unknownHash = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}` as const;
const unknownPage = (n: number) => `/ext-ui/com.acme.hello/${unknownHash(n)}/index.html`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The refusal envelope, checked to be complete: every refusal names its code, a message and the request id. */
function refusal(
  res: RawResponse,
  status: number,
  code: string,
): { code: string; message: string; requestId?: string } {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['cache-control']).toBe('no-store');
  const { error } = json(res);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.requestId).toMatch(/^req_/);
  return error;
}

/** One sample of the runner's Prometheus text, 0 when absent. */
async function metric(runner: StartedRunner, sample: string): Promise<number> {
  const text = (await rawRequest(runner.url, '/metrics', { headers: metricsAuth })).body.toString();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

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

describe('the negative cache', () => {
  it('asks the store once for a repeated unknown hash and refuses the repeats with the same bundle_not_found', async () => {
    const store = countingStore(join(work, 'store-negative-empty'));
    const runner = await start({ BUNDLE_STORE: store.location }, store);
    const first = refusal(await rawRequest(runner.url, unknownPage(1)), 404, 'bundle_not_found');
    for (let i = 0; i < 3; i++) {
      const again = refusal(await rawRequest(runner.url, unknownPage(1)), 404, 'bundle_not_found');
      expect(again.message).toBe(first.message);
      expect(again.requestId).not.toBe(first.requestId);
    }
    expect(store.fetched).toEqual([unknownHash(1)]);
    // Another asset of the same hash, and another extension id, are the same hash to the store.
    refusal(await rawRequest(runner.url, `/ext-ui/com.acme.other/${unknownHash(1)}/app.js`), 404, 'bundle_not_found');
    expect(store.fetched).toEqual([unknownHash(1)]);
    expect(await metric(runner, 'extsys_runner_bundle_store_fetches_total{outcome="not_found"}')).toBe(1);
    expect(
      await metric(runner, 'extsys_runner_bundle_negative_cache_total{result="added",code="bundle_not_found"}'),
    ).toBe(1);
    expect(
      await metric(runner, 'extsys_runner_bundle_negative_cache_total{result="hit",code="bundle_not_found"}'),
    ).toBe(4);
  });

  it('shares one store fetch between concurrent requests for an unknown hash', async () => {
    const store = countingStore(join(work, 'store-negative-empty'));
    const runner = await start({ BUNDLE_STORE: store.location }, store);
    const responses = await Promise.all(Array.from({ length: 12 }, () => rawRequest(runner.url, unknownPage(2))));
    for (const res of responses) refusal(res, 404, 'bundle_not_found');
    expect(store.fetched).toEqual([unknownHash(2)]);
  });

  it('serves a bundle published after a miss once the TTL has passed', async () => {
    const dir = join(work, 'store-negative-late-publish');
    const store = countingStore(dir);
    const runner = await start({ BUNDLE_STORE: dir, BUNDLE_NEGATIVE_CACHE_TTL_MS: '1000' }, store);
    refusal(await rawRequest(runner.url, page(hello)), 404, 'bundle_not_found');
    await publish(dir, hello);
    // Within the TTL the refusal stands...
    refusal(await rawRequest(runner.url, page(hello)), 404, 'bundle_not_found');
    await sleep(600);
    // ...and retrying does not extend it (else this hit would push the expiry past the next request).
    refusal(await rawRequest(runner.url, page(hello)), 404, 'bundle_not_found');
    expect(store.fetched).toEqual([hello.contentHash]);
    await sleep(500);
    expect((await rawRequest(runner.url, page(hello))).status).toBe(200);
    expect(store.fetched).toEqual([hello.contentHash, hello.contentHash]);
  });

  it('does not remember a store failure, for a known or an unknown hash', async () => {
    const dir = join(work, 'store-negative-flaky');
    await publish(dir, hello);
    const store = countingStore(dir);
    const runner = await start({ BUNDLE_STORE: dir }, store);
    store.failures = 2;
    const failed = await Promise.all([rawRequest(runner.url, page(hello)), rawRequest(runner.url, unknownPage(3))]);
    for (const res of failed) {
      refusal(res, 503, 'bundle_store_unavailable');
      expect(json(res).error).toMatchObject({ retriable: true });
    }
    expect((await rawRequest(runner.url, page(hello))).status).toBe(200);
    // The failure was not turned into (or remembered as) a not-found: the store is asked again.
    refusal(await rawRequest(runner.url, unknownPage(3)), 404, 'bundle_not_found');
    expect(store.fetched.filter((hash) => hash === unknownHash(3))).toHaveLength(2);
    expect(store.fetched.filter((hash) => hash === hello.contentHash)).toHaveLength(2);
    expect(await metric(runner, 'extsys_runner_bundle_store_fetches_total{outcome="error"}')).toBe(2);
  });

  it('refuses a bundle that failed verification from memory with its own code, and serves it once its signature arrives and the TTL has passed', async () => {
    const dir = join(work, 'store-negative-late-signature');
    await publish(dir, hello, { withSignature: false });
    const store = countingStore(dir);
    const runner = await start({ BUNDLE_STORE: dir, BUNDLE_NEGATIVE_CACHE_TTL_MS: '1000' }, store);
    const first = refusal(await rawRequest(runner.url, page(hello)), 422, 'bundle_signature_missing');
    await copyFile(hello.signaturePath, join(dir, storeKeys(hello.contentHash).signature));
    const again = refusal(await rawRequest(runner.url, page(hello)), 422, 'bundle_signature_missing');
    expect(again.message).toBe(first.message);
    expect(store.fetched).toEqual([hello.contentHash]);
    expect(runner.cache.size).toBe(0);
    await sleep(1050);
    expect((await rawRequest(runner.url, page(hello))).status).toBe(200);
    expect(store.fetched).toEqual([hello.contentHash, hello.contentHash]);
  });

  it('remembers at most BUNDLE_NEGATIVE_CACHE_MAX_ENTRIES hashes, forgetting the oldest', async () => {
    const store = countingStore(join(work, 'store-negative-empty'));
    const runner = await start({ BUNDLE_STORE: store.location, BUNDLE_NEGATIVE_CACHE_MAX_ENTRIES: '2' }, store);
    for (const n of [10, 11, 12, 12, 11, 10])
      refusal(await rawRequest(runner.url, unknownPage(n)), 404, 'bundle_not_found');
    expect(store.fetched).toEqual([10, 11, 12, 10].map(unknownHash));
  });

  it('asks the store every time when BUNDLE_NEGATIVE_CACHE_TTL_MS is 0', async () => {
    const store = countingStore(join(work, 'store-negative-empty'));
    const runner = await start({ BUNDLE_STORE: store.location, BUNDLE_NEGATIVE_CACHE_TTL_MS: '0' }, store);
    for (let i = 0; i < 3; i++) refusal(await rawRequest(runner.url, unknownPage(4)), 404, 'bundle_not_found');
    expect(store.fetched).toEqual([4, 4, 4].map(unknownHash));
    expect(
      await metric(runner, 'extsys_runner_bundle_negative_cache_total{result="added",code="bundle_not_found"}'),
    ).toBe(0);
  });

  it('refuses to start with a malformed BUNDLE_NEGATIVE_CACHE_TTL_MS', async () => {
    await expect(start({ BUNDLE_STORE: work, BUNDLE_NEGATIVE_CACHE_TTL_MS: '30s' })).rejects.toThrow(
      /BUNDLE_NEGATIVE_CACHE_TTL_MS/,
    );
  });
});
