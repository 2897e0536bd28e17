import { readdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const HOST_ORIGIN = 'https://host.example.com';
const GATEWAY_ORIGIN = 'https://gateway.example.com';
const CANARY = 'CANARY-SECRET-OUTSIDE-THE-BUNDLE';

let runner: StartedRunner;
let bundle: PackedBundle;
let base: string;
/** What a second runner over the same store and trust needs. */
let shared: { work: string; store: string; trust: string };
const opened: string[] = [];

beforeAll(async () => {
  const work = await tempDir('ext-ui');
  const keys = await keygen(join(work, 'keys'), 'release');
  const files = { ...typicalUi(), 'ui/big.bin': new Uint8Array(2 * 1024 * 1024).map((_, i) => i % 251) };
  await writeExtension(join(work, 'src'), { name: 'com.acme.hello', files });
  bundle = await packAndSign(join(work, 'src'), work, keys.key);
  const store = join(work, 'store');
  await publish(store, bundle);
  // Secrets a traversal would love to reach: beside the cache and the store.
  await writeFile(join(work, 'secret.txt'), CANARY);
  await writeFile(join(store, 'secret.txt'), CANARY);
  shared = { work, store, trust: keys.trust };
  runner = await startRunner(
    {
      BUNDLE_STORE: store,
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      SIGNING_TRUST_BUNDLE: keys.trust,
      EXT_UI_FRAME_ANCESTORS: HOST_ORIGIN,
      EXT_UI_CONNECT_SRC: GATEWAY_ORIGIN,
    },
    { onFileOpen: (path) => opened.push(path) },
  );
  base = `/ext-ui/com.acme.hello/${bundle.contentHash}`;
});

afterAll(async () => {
  await runner?.close();
});

describe('serving a verified bundle', () => {
  it('serves the entry HTML with a strict CSP and revalidated caching', async () => {
    const res = await rawRequest(runner.url, `${base}/index.html`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body.toString()).toContain('<script type="module" src="./assets/app.js">');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      'sandbox allow-scripts',
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      `connect-src ${GATEWAY_ORIGIN}`,
      `frame-ancestors ${HOST_ORIGIN}`,
      "base-uri 'none'",
      "form-action 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|allow-same-origin|allow-popups-to-escape/);
  });

  it('serves the entry for the UI root, with or without the trailing slash', async () => {
    const slash = await rawRequest(runner.url, `${base}/`);
    const none = await rawRequest(runner.url, base);
    expect(slash.status).toBe(200);
    expect(none.status).toBe(200);
    expect(slash.body.equals(none.body)).toBe(true);
    expect(slash.headers['content-type']).toMatch(/^text\/html/);
  });

  it('accepts the content hash percent-encoded, as buildExtUiSrc writes it', async () => {
    const res = await rawRequest(
      runner.url,
      `/ext-ui/com.acme.hello/${encodeURIComponent(bundle.contentHash)}/assets/app.js`,
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/chunk.mjs', 'text/javascript; charset=utf-8'],
    ['app.css', 'text/css; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['assets/app.js.map', 'application/json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['img/a.png', 'image/png'],
    ['img/b.jpg', 'image/jpeg'],
    ['img/c.webp', 'image/webp'],
    ['img/d.gif', 'image/gif'],
    ['favicon.ico', 'image/x-icon'],
    ['fonts/f.woff', 'font/woff'],
    ['fonts/f.woff2', 'font/woff2'],
    ['lib/tool.wasm', 'application/wasm'],
    ['robots.txt', 'text/plain; charset=utf-8'],
  ])('serves %s as %s with CORS for null-origin module loads', async (path, type) => {
    const res = await rawRequest(runner.url, `${base}/${path}`, { headers: { origin: 'null' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy'] ?? '').not.toContain('frame-ancestors');
  });

  it('gives SVG a script-free policy of its own', async () => {
    const res = await rawRequest(runner.url, `${base}/logo.svg`);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
  });

  it('answers If-None-Match with 304 and keeps the security headers', async () => {
    const first = await rawRequest(runner.url, `${base}/index.html`);
    const etag = String(first.headers.etag);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await rawRequest(runner.url, `${base}/index.html`, { headers: { 'if-none-match': header } });
      expect(res.status, header).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers.etag).toBe(etag);
      expect(res.headers['content-security-policy']).toContain('frame-ancestors');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const stale = await rawRequest(runner.url, `${base}/index.html`, { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('revalidates every HTML document, SPA fallbacks included, and keeps assets immutable', async () => {
    const entry = await rawRequest(runner.url, `${base}/index.html`);
    for (const path of ['', 'records/42', 'records/42/']) {
      const res = await rawRequest(runner.url, `${base}/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers.etag, path).toBe(entry.headers.etag);
      const revalidated = await rawRequest(runner.url, `${base}/${path}`, {
        headers: { 'if-none-match': String(entry.headers.etag) },
      });
      expect(revalidated.status, path).toBe(304);
      expect(revalidated.headers['cache-control'], path).toBe('no-cache');
    }
    const asset = await rawRequest(runner.url, `${base}/assets/app.js`);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const notModified = await rawRequest(runner.url, `${base}/assets/app.js`, {
      headers: { 'if-none-match': String(asset.headers.etag) },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('gives HTML a new ETag when the configured CSP changes, so a cached page is not revalidated with the old policy', async () => {
    const tightened = await startRunner({
      BUNDLE_STORE: shared.store,
      BUNDLE_CACHE_DIR: join(shared.work, 'cache-tightened'),
      SIGNING_TRUST_BUNDLE: shared.trust,
      EXT_UI_FRAME_ANCESTORS: HOST_ORIGIN,
      EXT_UI_CONNECT_SRC: 'https://gateway-2.example.com',
    });
    try {
      const before = await rawRequest(runner.url, `${base}/index.html`);
      const after = await rawRequest(tightened.url, `${base}/index.html`);
      expect(after.body.equals(before.body)).toBe(true);
      expect(after.headers['content-security-policy']).not.toBe(before.headers['content-security-policy']);
      expect(after.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      // A browser holding the page with the old policy gets the new one, not a 304.
      const stale = await rawRequest(tightened.url, `${base}/index.html`, {
        headers: { 'if-none-match': String(before.headers.etag) },
      });
      expect(stale.status).toBe(200);
      expect(stale.headers['content-security-policy']).toContain('connect-src https://gateway-2.example.com');
      const fresh = await rawRequest(tightened.url, `${base}/index.html`, {
        headers: { 'if-none-match': String(after.headers.etag) },
      });
      expect(fresh.status).toBe(304);
      // Assets carry no configured policy: their ETag is the file's, whatever the configuration.
      const assets = await Promise.all([runner, tightened].map((r) => rawRequest(r.url, `${base}/assets/app.js`)));
      expect(assets[1]?.headers.etag).toBe(assets[0]?.headers.etag);
    } finally {
      await tightened.close();
    }
  });

  it('computes each ETag once: the same file gives the same tag, different files differ', async () => {
    const a = await rawRequest(runner.url, `${base}/assets/app.js`);
    const b = await rawRequest(runner.url, `${base}/assets/app.js`);
    const c = await rawRequest(runner.url, `${base}/app.css`);
    expect(a.headers.etag).toBe(b.headers.etag);
    expect(a.headers.etag).not.toBe(c.headers.etag);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await rawRequest(runner.url, `${base}/assets/app.js`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1000);
  });

  it('falls back to the entry only for extension-less client routes', async () => {
    const route = await rawRequest(runner.url, `${base}/records/42`);
    expect(route.status).toBe(200);
    expect(route.headers['content-type']).toMatch(/^text\/html/);
    expect(route.headers['content-security-policy']).toContain("default-src 'none'");
    const deep = await rawRequest(runner.url, `${base}/records/42/`);
    expect(deep.status).toBe(200);

    const missing = await rawRequest(runner.url, `${base}/missing.js`);
    expect(missing.status).toBe(404);
    expect(json(missing).error.code).toBe('asset_not_found');
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
  });

  it('does not serve the manifest or the handler module as UI assets', async () => {
    for (const path of ['../manifest.json', '../handler/handler.wasm']) {
      const res = await rawRequest(runner.url, `${base}/${path}`);
      expect(res.status).toBe(400);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('serves byte ranges of small and large files', async () => {
    const small = await rawRequest(runner.url, `${base}/assets/app.js`, { headers: { range: 'bytes=0-9' } });
    expect(small.status).toBe(206);
    expect(small.body.toString()).toBe('export con');
    expect(small.headers['content-range']).toMatch(/^bytes 0-9\/\d+$/);

    const whole = await rawRequest(runner.url, `${base}/big.bin`);
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBe(2 * 1024 * 1024);
    const tail = await rawRequest(runner.url, `${base}/big.bin`, { headers: { range: 'bytes=-100' } });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(whole.body.subarray(whole.body.length - 100))).toBe(true);
    const middle = await rawRequest(runner.url, `${base}/big.bin`, { headers: { range: 'bytes=1048570-1048589' } });
    expect(middle.body.equals(whole.body.subarray(1048570, 1048590))).toBe(true);

    const outside = await rawRequest(runner.url, `${base}/big.bin`, { headers: { range: 'bytes=99999999-' } });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${2 * 1024 * 1024}`);
    expect(json(outside).error.code).toBe('range_not_satisfiable');
  });

  it('mints its own request id: a browser-facing route never adopts the caller’s', async () => {
    const given = await rawRequest(runner.url, `${base}/missing.js`, {
      headers: { 'x-request-id': 'req_chosen-by-the-caller' },
    });
    expect(given.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(json(given).error.requestId).toBe(given.headers['x-request-id']);
    expect(given.headers['x-request-id']).not.toBe('req_chosen-by-the-caller');
    const hostile = await rawRequest(runner.url, `${base}/missing.js`, { headers: { 'x-request-id': 'a b\tc' } });
    expect(hostile.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
  });
});

describe('refusals', () => {
  it('rejects a malformed content hash or extension id', async () => {
    const badHash = await rawRequest(runner.url, '/ext-ui/com.acme.hello/sha256:1234/index.html');
    expect(badHash.status).toBe(400);
    expect(json(badHash).error.code).toBe('content_hash_invalid');
    const badId = await rawRequest(runner.url, `/ext-ui/Not_An_Id/${bundle.contentHash}/index.html`);
    expect(badId.status).toBe(400);
    expect(json(badId).error.code).toBe('bad_request');
  });

  it('refuses a bundle requested under another extension id', async () => {
    const res = await rawRequest(runner.url, `/ext-ui/com.evil.app/${bundle.contentHash}/index.html`);
    expect(res.status).toBe(404);
    expect(json(res).error.code).toBe('bundle_not_found');
  });

  it('answers an unknown content hash with bundle_not_found', async () => {
    const res = await rawRequest(runner.url, `/ext-ui/com.acme.hello/sha256:${'0'.repeat(64)}/index.html`);
    expect(res.status).toBe(404);
    expect(json(res).error.code).toBe('bundle_not_found');
  });

  // Every one must be a 400 path_invalid that reads nothing outside the bundle.
  const corpus = [
    '../secret.txt',
    '../../secret.txt',
    '../../../../../../etc/passwd',
    '..%2fsecret.txt',
    '..%2Fsecret.txt',
    '%2e%2e/secret.txt',
    '%2E%2E/secret.txt',
    '%2e%2e%2fsecret.txt',
    '.%2e/secret.txt',
    '%2e./secret.txt',
    'assets/../../secret.txt',
    'assets/%2e%2e/%2e%2e/secret.txt',
    '..\\secret.txt',
    '..%5csecret.txt',
    '..%5Csecret.txt',
    'assets\\..\\..\\secret.txt',
    '%252e%252e/secret.txt',
    '%252e%252e%252fsecret.txt',
    '..%252fsecret.txt',
    '%c0%ae%c0%ae/secret.txt',
    '%c0%af',
    '%e0%80%ae%e0%80%ae/secret.txt',
    '%c1%9c',
    '..%c0%afsecret.txt',
    '%ff',
    '%',
    '%zz',
    'index.html%00.js',
    'index.html%00',
    '%00',
    'assets/%0a',
    'assets/%7f',
    '.env',
    '.git/config',
    'assets/.hidden.js',
    '%2eenv',
    '/etc/passwd',
    '//etc/passwd',
    'assets//app.js',
    '%2fetc%2fpasswd',
    'C:%5cwindows%5cwin.ini',
    'C:/windows/win.ini',
    './index.html',
    'assets/./app.js',
    '....//secret.txt',
    '%2e',
    'x'.repeat(1100),
  ];

  it(`refuses ${corpus.length} traversal and malformed paths without reading outside the bundle`, async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    opened.length = 0;
    const cacheDir = join(runner.cache.get.length >= 0 ? (await runner.cache.get(bundle.contentHash)).dir : '');
    for (const path of corpus) {
      const res = await rawRequest(runner.url, `${base}/${path}`);
      expect(res.status, path).toBe(400);
      expect(res.body.toString(), path).not.toContain(CANARY);
      expect(res.body.toString(), path).not.toContain('root:');
      expect(json(res).error.code, path).toBe('path_invalid');
    }
    for (const path of opened) expect(path.startsWith(cacheDir + sep), path).toBe(true);
  });

  it('keeps serving after the attack corpus', async () => {
    expect((await rawRequest(runner.url, `${base}/assets/app.js`)).status).toBe(200);
  });
});

describe('health', () => {
  it('reports liveness and readiness', async () => {
    expect((await rawRequest(runner.url, '/healthz')).status).toBe(200);
    const ready = await rawRequest(runner.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body.toString())).toMatchObject({
      status: 'ready',
      checks: { bundleStore: 'ok', cache: 'ok' },
    });
    expect(
      await readdir(join(runner.cache.get.length >= 0 ? (await runner.cache.get(bundle.contentHash)).dir : '')),
    ).toContain('ui');
  });

  it('answers unknown routes with the error envelope', async () => {
    const res = await rawRequest(runner.url, '/v0/nothing');
    expect(res.status).toBe(404);
    expect(json(res).error).toMatchObject({ code: 'not_found', retriable: false });
  });
});
