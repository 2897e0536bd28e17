import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame } from '@extsys/protocol';
import { keygen, packAndSign, publish, tempDir, type PackedBundle } from './support/bundles.js';
import { METRICS_TOKEN, SERVICE_TOKEN, execute, executeRequest, json, metricsAuth, text } from './support/execute.js';
import { startRunner, type StartedRunner } from './support/runner.js';

const FIXTURES = resolve(import.meta.dirname, '../../packages/handler-sdk/fixtures/dist');

let runner: StartedRunner;
let realistic: PackedBundle;
let hostile: PackedBundle;
let unknownImport: PackedBundle;
let upstream: Server;
let upstreamOrigin: string;
let upstreamHits = 0;
let trustPath: string;

async function extension(
  dir: string,
  name: string,
  wasm: string,
  endpoints: [string, string][],
  capabilities: string[],
  allow: string[] = [],
) {
  const manifest = {
    manifestVersion: 2,
    name,
    publisher: 'Acme',
    version: '1.0.0',
    runtime: 'wasm@1',
    capabilities,
    api: {
      module: 'handler/handler.wasm',
      endpoints: endpoints.map(([method, path]) => ({ method, path, handler: 'h' })),
    },
    ...(allow.length ? { http: { allow } } : {}),
  };
  await mkdir(join(dir, 'handler'), { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await copyFile(join(FIXTURES, wasm), join(dir, 'handler/handler.wasm'));
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamHits++;
    if (req.url === '/redirect-away') return res.writeHead(302, { location: 'http://example.invalid/steal' }).end();
    if (req.url === '/bad-redirect') return res.writeHead(302, { location: 'http://[' }).end();
    if (req.url === '/reset') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
      res.write('partial');
      return setTimeout(() => res.socket?.destroy(), 20);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"forecast":"sunny"}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  const work = await tempDir('execute');
  const keys = await keygen(join(work, 'keys'), 'release');
  trustPath = keys.trust;
  const all = ['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'];
  await extension(
    join(work, 'realistic'),
    'com.acme.realistic',
    'realistic.wasm',
    [
      ['GET', '/counter'],
      ['POST', '/counter'],
      ['DELETE', '/counter'],
      ['POST', '/echo'],
      ['GET', '/items/:id'],
      ['GET', '/weather'],
      ['GET', '/whoami'],
      ['GET', '/secret-length'],
      ['GET', '/keys'],
      ['POST', '/logs'],
    ],
    all,
    [upstreamOrigin],
  );
  await extension(
    join(work, 'hostile'),
    'com.acme.hostile',
    'hostile.wasm',
    [
      '/loop',
      '/alloc',
      '/fetch-denied',
      '/big',
      '/trap',
      '/abort',
      '/throw',
      '/log-secret',
      '/write-then-trap',
      '/write-then-loop',
    ].map((p) => ['GET', p] as [string, string]),
    ['log', 'http.fetch', 'secrets.read', 'storage.kv'],
    [upstreamOrigin],
  );
  await extension(join(work, 'unknown'), 'com.acme.unknown', 'unknown-import.wasm', [['GET', '/x']], ['log']);
  const store = join(work, 'store');
  realistic = await packAndSign(join(work, 'realistic'), work, keys.key);
  hostile = await packAndSign(join(work, 'hostile'), work, keys.key);
  unknownImport = await packAndSign(join(work, 'unknown'), work, keys.key);
  for (const bundle of [realistic, hostile, unknownImport]) await publish(store, bundle);
  await mkdir(dirname(join(work, 'kv')), { recursive: true });
  runner = await startRunner({
    BUNDLE_STORE: store,
    BUNDLE_CACHE_DIR: join(work, 'cache'),
    SIGNING_TRUST_BUNDLE: keys.trust,
    RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
    ENGINE_WORKERS: '3',
    RUNNER_MAX_MEMORY_MB: '32',
    // The test's upstream API listens on loopback.
    EGRESS_ALLOW_PRIVATE_NETWORKS: 'true',
  });
}, 60_000);

afterAll(async () => {
  await runner?.close();
  await new Promise<void>((r) => upstream?.close(() => r()));
});

const hello = (call: Omit<Parameters<typeof execute>[1], 'contentHash'>) =>
  execute(runner.url, { contentHash: realistic.contentHash, ...call });
const evil = (path: string, extra: Partial<Parameters<typeof execute>[1]> = {}) =>
  execute(runner.url, {
    contentHash: hostile.contentHash,
    extensionId: 'com.acme.hostile',
    path,
    grants: ['log', 'http.fetch'],
    ...extra,
  });

describe('running a handler', () => {
  it('routes, parses the request and answers a frame with status, headers, body and logs', async () => {
    const result = await hello({
      path: '/items/42',
      pattern: '/items/:id',
      params: { id: '42' },
      query: { tag: ['a', 'b'], view: ['full'] },
    });
    expect(result.status).toBe(200);
    expect(result.response?.status).toBe(200);
    expect(json(result)).toEqual({ id: '42', view: 'full', tags: ['a', 'b'], handler: 'h' });
    expect(result.response?.durationMs).toBeGreaterThan(0);
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('echoes raw body bytes and allow-listed headers', async () => {
    const body = new Uint8Array([0, 1, 2, 0xff, 0xfe, 10]);
    const result = await hello({
      method: 'POST',
      path: '/echo',
      body,
      headers: { 'content-type': 'application/octet-stream', 'x-trace-id': 't-1' },
    });
    expect([...result.body]).toEqual([...body]);
    expect(result.response?.headers['x-echo-length']).toBe('6');
    expect(result.response?.headers['x-trace-id']).toBe('t-1');
  });

  it('buffers the handler logs and returns them with the response', async () => {
    const result = await hello({ method: 'POST', path: '/logs' });
    expect(result.response?.status).toBe(204);
    expect(result.response?.logs.map((l) => `${l.level}:${l.message}`)).toEqual([
      'debug:a debug line',
      'info:an info line',
      'warn:a warn line',
      'error:an error line',
    ]);
  });
});

describe('capabilities', () => {
  it('storage.kv: a per-tenant counter with revisions, isolated between tenants', async () => {
    const a1 = json(await hello({ method: 'POST', path: '/counter', tenantId: 'tenant-kv-a' }));
    const a2 = json(await hello({ method: 'POST', path: '/counter', tenantId: 'tenant-kv-a' }));
    const b1 = json(await hello({ method: 'POST', path: '/counter', tenantId: 'tenant-kv-b' }));
    expect(a1).toMatchObject({ tenant: 'tenant-kv-a', count: 1, revision: 1 });
    expect(a2).toMatchObject({ count: 2, revision: 2 });
    expect(b1).toMatchObject({ tenant: 'tenant-kv-b', count: 1, revision: 1 });
    const read = json(await hello({ path: '/counter', tenantId: 'tenant-kv-a' }));
    expect(read).toMatchObject({ count: 2, revision: 2 });
  });

  it('storage.kv: concurrent increments never lose an update (optimistic revisions)', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => hello({ method: 'POST', path: '/counter', tenantId: 'tenant-race' })),
    );
    expect(results.every((r) => r.response?.status === 200)).toBe(true);
    expect(json(await hello({ path: '/counter', tenantId: 'tenant-race' }))).toMatchObject({ count: 6 });
  });

  it('denies an ungranted capability as data the handler can answer with', async () => {
    const result = await hello({ method: 'POST', path: '/counter', grants: ['log'] });
    expect(result.status).toBe(200);
    expect(result.response?.status).toBe(403);
    expect(text(result)).toContain('capability_denied');
  });

  it('grants only what the manifest asks for, whatever the install says', async () => {
    // The hostile manifest has no storage.kv: granting it to the install changes nothing.
    const result = await evil('/fetch-denied', {
      grants: ['log', 'http.fetch', 'storage.kv'],
      config: { deniedUrl: 'http://example.invalid/x' },
    });
    expect(json(result)).toMatchObject({ ok: false, denied: true, code: 'egress_denied' });
  });

  it('secrets.read: the handler gets the value; it is never in the answer or the logs', async () => {
    const secret = 'sk_live_super_secret_value';
    const result = await hello({ path: '/secret-length', secrets: { apiKey: secret } });
    expect(json(result)).toEqual({ length: secret.length });
    expect(new TextDecoder().decode(result.raw)).not.toContain(secret);
    const denied = await hello({ path: '/secret-length', secrets: { apiKey: secret }, grants: ['log'] });
    expect(denied.response?.status).toBe(403);
  });

  it('user.read: the user on whose behalf the call runs, only when granted', async () => {
    const user = { id: 'u1', displayName: 'Ada Lovelace', email: 'ada@example.com' };
    expect(json(await hello({ path: '/whoami', user }))).toEqual({ user });
    expect((await hello({ path: '/whoami', user, grants: ['log'] })).response?.status).toBe(403);
  });

  it('http.fetch: reaches an origin allowed by manifest and install', async () => {
    const result = await hello({
      path: '/weather',
      egress: [upstreamOrigin],
      config: { weatherUrl: `${upstreamOrigin}/forecast` },
    });
    expect(json(result)).toEqual({ upstreamStatus: 200, upstream: '{"forecast":"sunny"}' });
  });

  it('http.fetch: deny by default, when the install does not allow the origin', async () => {
    const before = upstreamHits;
    const result = await hello({ path: '/weather', egress: [], config: { weatherUrl: `${upstreamOrigin}/forecast` } });
    expect(result.response?.status).toBe(403);
    expect(text(result)).toContain('egress_denied');
    expect(upstreamHits).toBe(before);
  });

  it('http.fetch: a redirect out of the allowlist is refused', async () => {
    const result = await hello({
      path: '/weather',
      egress: [upstreamOrigin],
      config: { weatherUrl: `${upstreamOrigin}/redirect-away` },
    });
    expect(result.response?.status).toBe(403);
    expect(text(result)).toContain('leaves this extension');
  });

  it('http.fetch: an upstream that misbehaves (bad redirect, reset body) is an error for the guest, not a crash', async () => {
    for (const path of ['/bad-redirect', '/reset']) {
      const result = await hello({
        path: '/weather',
        egress: [upstreamOrigin],
        config: { weatherUrl: `${upstreamOrigin}${path}` },
      });
      expect(result.status, path).toBe(200);
      expect(result.response?.status, path).toBeGreaterThanOrEqual(400);
    }
    expect((await hello({ path: '/counter' })).status).toBe(200);
  });

  it('http.fetch: a denied host is reported to the guest, the handler keeps control', async () => {
    const result = await evil('/fetch-denied', { egress: [upstreamOrigin] });
    expect(result.response?.status).toBe(200);
    expect(json(result)).toMatchObject({ ok: false, denied: true, code: 'egress_denied' });
  });
});

describe('quotas under attack', () => {
  it('stops an infinite loop at its deadline, and the next call succeeds', async () => {
    const started = Date.now();
    const looped = await evil('/loop', { timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(looped.status).toBe(504);
    expect(looped.error).toMatchObject({ code: 'timeout', retriable: true });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(300 + 1000);
    expect((await hello({ path: '/counter' })).status).toBe(200);
  });

  it("keeps serving other tenants while one tenant's handler loops", async () => {
    const looping = evil('/loop', { timeoutMs: 1500, tenantId: 'tenant-evil' });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      expect((await hello({ path: '/counter', tenantId: 'tenant-good' })).response?.status).toBe(200);
    }
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await looping).error?.code).toBe('timeout');
  });

  it('traps a memory bomb at the cap and keeps the runner within bounds', async () => {
    const rssBefore = process.memoryUsage().rss;
    const result = await evil('/alloc', { memoryMb: 16 });
    expect(result.status).toBe(500);
    expect(result.error?.code).toBe('memory_exceeded');
    expect(result.error?.message).toContain('16 MiB');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 2 ** 20);
    expect((await hello({ path: '/counter' })).status).toBe(200);
  });

  it('refuses an oversized response', async () => {
    const result = await evil('/big', { query: { mb: ['12'] }, memoryMb: 32 });
    expect(result.status).toBe(500);
    expect(result.error?.code).toBe('response_too_large');
  });

  it('reports traps, aborts and throws as handler_trap', async () => {
    for (const path of ['/trap', '/abort', '/throw']) {
      const result = await evil(path);
      expect(result.status, path).toBe(500);
      expect(result.error?.code, path).toBe('handler_trap');
    }
  });

  it('refuses a module with an import outside the ABI', async () => {
    const result = await execute(runner.url, {
      contentHash: unknownImport.contentHash,
      extensionId: 'com.acme.unknown',
      path: '/x',
    });
    expect(result.status).toBe(500);
    expect(result.error?.code).toBe('module_invalid');
    expect(result.error?.message).toContain('evil.x');
  });
});

describe('refusals', () => {
  it('requires the service credential', async () => {
    for (const token of [null, 'wrong-token', `${SERVICE_TOKEN}x`, '']) {
      const result = await hello({ path: '/counter', token });
      expect(result.status).toBe(401);
      expect(result.error?.code).toBe('service_auth_invalid');
      expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('requires the frame content type, a valid frame and a valid header naming the field', async () => {
    expect(
      (await hello({ path: '/counter', contentType: 'application/json', rawBody: new TextEncoder().encode('{}') }))
        .status,
    ).toBe(415);
    const garbage = await hello({ path: '/counter', rawBody: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) });
    expect(garbage.status).toBe(400);
    expect(garbage.error?.message).toContain('EXF1');
    const request = executeRequest({ contentHash: realistic.contentHash, path: '/counter' });
    (request.context as Record<string, unknown>).tenantId = 'tenant with spaces';
    const invalid = await hello({ path: '/counter', rawBody: encodeFrame(request) });
    expect(invalid.status).toBe(400);
    expect(invalid.error?.message).toMatch(/^context\.tenantId: /);
  });

  it('refuses an endpoint the manifest does not declare', async () => {
    const result = await hello({ method: 'DELETE', path: '/items/1', pattern: '/items/:id' });
    expect(result.status).toBe(404);
    expect(result.error?.code).toBe('endpoint_not_found');
  });

  it('refuses a bundle of another extension and an unknown bundle', async () => {
    expect((await hello({ path: '/counter', extensionId: 'com.acme.other' })).error?.code).toBe('extension_mismatch');
    const unknown = await execute(runner.url, { contentHash: `sha256:${'1'.repeat(64)}`, path: '/counter' });
    expect(unknown.error?.code).toBe('bundle_not_found');
  });
});

describe('idempotency', () => {
  it('replays the stored answer byte for byte, scoped to tenant and extension', async () => {
    const call = {
      method: 'POST' as const,
      path: '/counter',
      tenantId: 'tenant-idem',
      idempotencyKey: 'order-1',
      requestId: 'req_same',
    };
    const first = await hello(call);
    const again = await hello(call);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(Buffer.from(again.raw).equals(Buffer.from(first.raw))).toBe(true);
    expect(json(await hello({ path: '/counter', tenantId: 'tenant-idem' }))).toMatchObject({ count: 1 });
    // Another tenant with the same key runs its own call.
    const other = await hello({ ...call, tenantId: 'tenant-idem-2' });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(json(other)).toMatchObject({ tenant: 'tenant-idem-2', count: 1 });
  });

  it('makes a concurrent duplicate wait for the first', async () => {
    const call = {
      method: 'POST' as const,
      path: '/counter',
      tenantId: 'tenant-dup',
      idempotencyKey: 'k-2',
      requestId: 'req_dup',
    };
    const [a, b] = await Promise.all([hello(call), hello(call)]);
    expect(Buffer.from(a.raw).equals(Buffer.from(b.raw))).toBe(true);
    expect(json(await hello({ path: '/counter', tenantId: 'tenant-dup' }))).toMatchObject({ count: 1 });
  });

  it('applies concurrent increments exactly once each: a call that lost a write race runs again', async () => {
    const tenantId = 'tenant-keyed-race';
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        hello({ method: 'POST', path: '/counter', tenantId, idempotencyKey: `race-${i}`, requestId: `req_race${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const counts = answers.map((a) => json<{ count: number }>(a).count).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(json(await hello({ path: '/counter', tenantId }))).toMatchObject({ count: 24 });
  });

  it('applies nothing of a call that trapped or ran past its deadline after writing, and a retry runs it', async () => {
    for (const path of ['/write-then-trap', '/write-then-loop']) {
      const failed = await execute(runner.url, {
        contentHash: hostile.contentHash,
        extensionId: 'com.acme.hostile',
        path,
        tenantId: 'tenant-half',
        idempotencyKey: 'half-1',
        timeoutMs: 300,
      });
      expect(failed.error?.code).toBe(path === '/write-then-trap' ? 'handler_trap' : 'timeout');
    }
    expect(await runner.kv.get('tenant-half/com.acme.hostile', 'half-done')).toBeNull();
  });

  it('refuses the same key for a different request', async () => {
    await hello({
      method: 'POST',
      path: '/counter',
      tenantId: 'tenant-conf',
      idempotencyKey: 'k-3',
      requestId: 'req_c1',
    });
    const clash = await hello({
      method: 'POST',
      path: '/echo',
      tenantId: 'tenant-conf',
      idempotencyKey: 'k-3',
      requestId: 'req_c1',
    });
    expect(clash.status).toBe(409);
    expect(clash.error?.code).toBe('idempotency_conflict');
  });
});

describe('metrics', () => {
  it('exposes invocations by outcome, durations, queue depth, restarts and module cache hits', async () => {
    const res = await fetch(`${runner.url}/metrics`, { headers: metricsAuth });
    const body = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    for (const metric of [
      'extsys_runner_invocations_total{outcome="ok"}',
      'extsys_runner_invocations_total{outcome="timeout"}',
      'extsys_runner_invocation_duration_seconds_bucket',
      'extsys_runner_pool_queue_depth',
      'extsys_runner_worker_restarts_total',
      'extsys_runner_module_cache_total{result="hit"}',
    ]) {
      expect(body).toContain(metric);
    }
  });

  it('answers only the scraper: no credential, a wrong one or the service token are refused', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${METRICS_TOKEN}x` },
      { authorization: `Bearer ${SERVICE_TOKEN}` },
      { authorization: METRICS_TOKEN },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${runner.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { error } = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(error.code).toBe('unauthenticated');
      expect(error.message).toMatch(/metrics credential/);
      expect(error.requestId).toMatch(/^req_/);
    }
  });

  it('is off, with a clear refusal, on a runner without RUNNER_METRICS_TOKEN', async () => {
    const quiet = await startRunner({
      BUNDLE_STORE: runner.store.location,
      BUNDLE_CACHE_DIR: join(await tempDir('no-metrics'), 'cache'),
      SIGNING_TRUST_BUNDLE: trustPath,
      RUNNER_METRICS_TOKEN: undefined,
    });
    try {
      const res = await fetch(`${quiet.url}/metrics`, { headers: metricsAuth });
      expect(res.status).toBe(403);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/set RUNNER_METRICS_TOKEN/);
    } finally {
      await quiet.close();
    }
  });
});

describe('back-pressure', () => {
  it('refuses with overloaded and Retry-After when every worker is busy and the queue is full', async () => {
    const small = await startRunner({
      BUNDLE_STORE: runner.store.location,
      BUNDLE_CACHE_DIR: join(await tempDir('overload'), 'cache'),
      SIGNING_TRUST_BUNDLE: trustPath,
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      ENGINE_WORKERS: '1',
      ENGINE_MAX_QUEUE: '1',
    });
    try {
      // Warm the bundle so the three calls below meet the pool, not the first fetch.
      await execute(small.url, {
        contentHash: hostile.contentHash,
        extensionId: 'com.acme.hostile',
        path: '/trap',
        grants: ['log'],
      });
      const loop = (timeoutMs: number) =>
        execute(small.url, {
          contentHash: hostile.contentHash,
          extensionId: 'com.acme.hostile',
          path: '/loop',
          grants: ['log'],
          timeoutMs,
          // Another tenant each: the runner's queue is full before any tenant's own bound is reached.
          tenantId: `tenant-${timeoutMs}`,
        });
      const running = loop(1500);
      await new Promise((r) => setTimeout(r, 100));
      // Its deadline comes before the running call's: it never gets the worker.
      const queued = loop(500);
      await new Promise((r) => setTimeout(r, 100));
      const refused = await loop(1000);
      expect(refused.status).toBe(503);
      expect(refused.error).toMatchObject({ code: 'overloaded', retriable: true });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await running).error?.code).toBe('timeout');
      expect((await queued).error?.code).toBe('queue_timeout');
    } finally {
      await small.close();
    }
  });
});

describe('secrets stay out of the logs', () => {
  it('logs every call at debug level without the secret value, the service token or the user email', async () => {
    const lines: string[] = [];
    const logged = await startRunner(
      {
        BUNDLE_STORE: runner.store.location,
        BUNDLE_CACHE_DIR: join(await tempDir('logs'), 'cache'),
        SIGNING_TRUST_BUNDLE: trustPath,
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
        LOG_LEVEL: 'trace',
      },
      { logStream: { write: (line) => void lines.push(line) } },
    );
    try {
      const secret = 'sk_live_must_never_be_logged_42';
      const result = await execute(logged.url, {
        contentHash: realistic.contentHash,
        path: '/secret-length',
        secrets: { apiKey: secret },
        user: { id: 'u1', email: 'ada@example.com' },
      });
      expect(result.response?.status).toBe(200);
      const failing = await execute(logged.url, {
        contentHash: realistic.contentHash,
        path: '/nope',
        secrets: { apiKey: secret },
      });
      expect(failing.error?.code).toBe('endpoint_not_found');
      const leaky = await execute(logged.url, {
        contentHash: hostile.contentHash,
        extensionId: 'com.acme.hostile',
        path: '/log-secret',
        grants: ['log', 'secrets.read'],
        secrets: { apiKey: secret },
      });
      expect(leaky.response?.logs.map((l) => l.message)).toEqual(['the api key is [secret]']);
      expect(new TextDecoder().decode(leaky.raw)).not.toContain(secret);
      const all = lines.join('\n');
      expect(all).toContain('the api key is [secret]');
      expect(lines.length).toBeGreaterThan(3);
      expect(all).toContain('req_'); // the request id is in every line
      expect(all).not.toContain(secret);
      expect(all).not.toContain(SERVICE_TOKEN);
    } finally {
      await logged.close();
    }
  });
});

describe('egress never reaches private networks by default', () => {
  it('refuses a loopback origin even when manifest and install allow it', async () => {
    const strict = await startRunner({
      BUNDLE_STORE: runner.store.location,
      BUNDLE_CACHE_DIR: join(await tempDir('ssrf'), 'cache'),
      SIGNING_TRUST_BUNDLE: trustPath,
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
    });
    try {
      const before = upstreamHits;
      const result = await execute(strict.url, {
        contentHash: realistic.contentHash,
        path: '/weather',
        egress: [upstreamOrigin],
        config: { weatherUrl: `${upstreamOrigin}/forecast` },
      });
      expect(result.response?.status).toBe(403);
      expect(text(result)).toContain('private address');
      expect(upstreamHits).toBe(before);
    } finally {
      await strict.close();
    }
  });
});
