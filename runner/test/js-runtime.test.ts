// js@1 in the real runner: real signed bundles holding plain ES modules written against the js@1
// ABI (docs/abi/js-abi-v1.md), run by QuickJS in the worker pool with the same host calls,
// grants and quotas as wasm@1.
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keygen, packAndSign, publish, tempDir, type PackedBundle } from './support/bundles.js';
import { SERVICE_TOKEN, execute, json, text, type Call } from './support/execute.js';
import { startRunner, type StartedRunner } from './support/runner.js';

/** A handler module: `routes` maps a path to the body of `async (req, body) => answer`. */
function handlerModule(routes: Record<string, string>, prelude = ''): string {
  return `${prelude}
const answer = (status, value) => ({ header: JSON.stringify({ status, headers: { 'content-type': 'application/json' } }), body: JSON.stringify(value) });
const call = (fn, args) => JSON.parse(__runner.call(fn, JSON.stringify(args)));
const routes = {
${Object.entries(routes)
  .map(([path, body]) => `  ${JSON.stringify(path)}: async (req, body) => { ${body} },`)
  .join('\n')}
};
export async function handle(request, body) {
  const req = JSON.parse(request);
  return routes[req.http.path](req, body);
}
`;
}

const ROUTES: Record<string, string> = {
  '/hello': `return answer(200, { path: req.http.path, tenant: req.context.tenantId, params: req.route.params, body: __runner.utf8Decode(body) });`,
  '/count': `const got = call('kv_get', { key: 'n' });
    const n = got.value ? Number(got.value.value) : 0;
    const put = call('kv_put', { key: 'n', value: String(n + 1), ifRevision: got.value ? got.value.revision : 0 });
    console.log('count is now', n + 1, { put: put.ok });
    return answer(200, { count: n + 1, revision: put.value.revision });`,
  '/denied': `return answer(200, call('secret_get', { name: 'apiKey' }));`,
  '/host': `return answer(200, JSON.parse(__runner.utf8Decode(body)).map(([fn, args]) => call(fn, args)));`,
  '/pollute': `globalThis.leaked = 'yes'; Object.prototype.polluted = 'yes'; Array.prototype.push = () => 0; moduleState.calls++;
    return answer(200, { calls: moduleState.calls });`,
  '/inspect': `const g = Function('return this')();
    return answer(200, {
      leaked: typeof g.leaked, polluted: ({}).polluted ?? null, pushWorks: [].push(1) === 1, calls: moduleState.calls,
      globals: Object.getOwnPropertyNames(g).filter((n) => !STANDARD.has(n)).sort(),
      require: typeof g.require, process: typeof g.process, fetch: typeof g.fetch, setTimeout: typeof g.setTimeout,
      evalWorks: eval('1 + 1') === 2,
    });`,
  '/import': `try { await import('node:fs'); return answer(200, { imported: true }); } catch (e) { return answer(200, { imported: false, error: String(e) }); }`,
  '/grow': `const big = new Array(600000).fill(0).map((_, i) => 'item ' + i); globalThis.leaked = 'grown'; moduleState.calls++;
    return answer(200, { n: big.length, calls: moduleState.calls });`,
  '/loop': `for (;;) {}`,
  '/alloc': `const hoard = []; for (;;) hoard.push(new Array(100000).fill(hoard.length));`,
  '/recurse': `const f = (n) => f(n + 1) + 1; return answer(200, { n: f(0) });`,
  '/never': `return new Promise(() => {});`,
  '/throw-error': `throw new Error('the secret is hunter2');`,
  '/throw-value': `throw { secret: 'hunter2' };`,
  '/big': `return { header: JSON.stringify({ status: 200, headers: {} }), body: 'x'.repeat(11 * 1024 * 1024) };`,
  '/bad-status': `return { header: JSON.stringify({ status: 101, headers: {} }), body: '' };`,
  '/bytes': `return { header: JSON.stringify({ status: 200, headers: { 'content-type': 'application/octet-stream' } }), body: body };`,
};
const PRELUDE = `const moduleState = { calls: 0 };
const STANDARD = new Set(Object.getOwnPropertyNames(globalThis).filter((n) => n !== '__runner' && n !== 'console'));`;

let runner: StartedRunner;
let bundle: PackedBundle;
let mapped: PackedBundle;
const logLines: Record<string, unknown>[] = [];
let upstream: Server;
let upstreamOrigin: string;
const broken: Record<string, PackedBundle> = {};

/** Writes the manifest, and the module unless `source` is undefined (it was built there already). */
async function jsExtension(dir: string, name: string, source: string | undefined, endpoints: string[]): Promise<void> {
  await mkdir(join(dir, 'handler'), { recursive: true });
  if (source !== undefined) await writeFile(join(dir, 'handler/handler.js'), source);
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name,
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'js@1',
      capabilities: ['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'],
      http: { allow: [upstreamOrigin] },
      api: {
        module: 'handler/handler.js',
        endpoints: endpoints.map((path) => ({ method: 'POST', path, handler: path.slice(1) || 'root' })),
      },
    }),
  );
}

beforeAll(async () => {
  upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('sunny'));
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const work = await tempDir('js');
  const keys = await keygen(join(work, 'keys'), 'release');
  const store = join(work, 'store');
  await jsExtension(join(work, 'js'), 'com.acme.js', handlerModule(ROUTES, PRELUDE), Object.keys(ROUTES));
  bundle = await packAndSign(join(work, 'js'), work, keys.key);
  await publish(store, bundle);
  const invalid: Record<string, string> = {
    syntax: 'export function handle( {',
    noHandle: 'export const other = 1;',
    imports: "import fs from 'node:fs'; export function handle() { return fs; }",
  };
  for (const [kind, source] of Object.entries(invalid)) {
    await jsExtension(join(work, kind), `com.acme.broken${kind.toLowerCase()}`, source, ['/x']);
    broken[kind] = await packAndSign(join(work, kind), work, keys.key);
    await publish(store, broken[kind]);
  }
  // A TypeScript handler built with its source map (as build-handler does): a throw on line 4.
  await mkdir(join(work, 'mapped/src'), { recursive: true });
  await writeFile(
    join(work, 'mapped/src/thrower.ts'),
    'export function handle(): never {\n  const reason: string = "boom";\n  // the next line throws\n  throw new Error(reason);\n}\n',
  );
  await build({
    entryPoints: [join(work, 'mapped/src/thrower.ts')],
    outfile: join(work, 'mapped/handler/handler.js'),
    bundle: true,
    format: 'esm',
    sourcemap: 'linked',
    sourceRoot: '',
    absWorkingDir: join(work, 'mapped'),
  });
  await jsExtension(join(work, 'mapped'), 'com.acme.mapped', undefined, ['/x']);
  mapped = await packAndSign(join(work, 'mapped'), work, keys.key);
  await publish(store, mapped);
  runner = await startRunner(
    {
      BUNDLE_STORE: store,
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      SIGNING_TRUST_BUNDLE: keys.trust,
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      ENGINE_WORKERS: '3',
      RUNNER_MAX_MEMORY_MB: '32',
      // The test's upstream listens on loopback.
      EGRESS_ALLOW_PRIVATE_NETWORKS: 'true',
      LOG_LEVEL: 'info',
    },
    { logStream: { write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) } },
  );
}, 60_000);

afterAll(async () => {
  await runner?.close();
  await new Promise<void>((r) => upstream?.close(() => r()));
});

const js = (path: string, extra: Partial<Call> = {}) =>
  execute(runner.url, {
    contentHash: bundle.contentHash,
    extensionId: 'com.acme.js',
    method: 'POST',
    path,
    pattern: path,
    grants: ['log', 'storage.kv'],
    ...extra,
  });

describe('js@1: a call', () => {
  it('reads the request and answers status, headers and body', async () => {
    const res = await js('/hello', { body: 'héllo', params: { id: '7' } });
    expect(res.error?.message ?? '').toBe('');
    expect(res.status).toBe(200);
    expect(res.response?.status).toBe(200);
    expect(res.response?.headers['content-type']).toBe('application/json');
    expect(json(res)).toEqual({ path: '/hello', tenant: 'tenant-a', params: { id: '7' }, body: 'héllo' });
  });

  it('passes bytes through unchanged', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const res = await js('/bytes', { body: bytes });
    expect(Buffer.from(res.body).equals(Buffer.from(bytes))).toBe(true);
  });

  it('uses KV with revisions and logs through console, under the same grants as wasm@1', async () => {
    const first = json(await js('/count', { tenantId: 'tenant-js-kv' }));
    const second = await js('/count', { tenantId: 'tenant-js-kv' });
    expect(first).toEqual({ count: 1, revision: 1 });
    expect(json(second)).toEqual({ count: 2, revision: 2 });
    expect(second.response?.logs.map((l) => `${l.level} ${l.message}`)).toEqual(['info count is now 2 {"put":true}']);
    // Another tenant's namespace is another counter.
    expect(json(await js('/count', { tenantId: 'tenant-js-kv-2' }))).toEqual({ count: 1, revision: 1 });
  });

  it('makes every host call of wasm@1, with the same answers', async () => {
    const calls = [
      ['kv_put', { key: 'a', value: '1' }],
      ['kv_put', { key: 'b', value: '2' }],
      ['kv_get', { key: 'a' }],
      ['kv_list', { prefix: '', limit: 10 }],
      ['kv_delete', { key: 'a', ifRevision: 1 }],
      ['kv_put', { key: 'b', value: 'x', ifRevision: 7 }],
      ['secret_get', { name: 'apiKey' }],
      ['user_get', {}],
      ['http_fetch', { method: 'GET', url: `${upstreamOrigin}/weather` }],
      ['http_fetch', { method: 'GET', url: 'https://denied.example.com/steal' }],
    ];
    const res = await js('/host', {
      tenantId: 'tenant-js-host',
      grants: ['log', 'storage.kv', 'secrets.read', 'user.read', 'http.fetch'],
      egress: [upstreamOrigin],
      secrets: { apiKey: 'k-123' },
      user: { id: 'u1', displayName: 'Ann' },
      body: JSON.stringify(calls),
    });
    expect(json(res)).toMatchObject([
      { ok: true, value: { revision: 1 } },
      { ok: true, value: { revision: 1 } },
      { ok: true, value: { key: 'a', value: '1', revision: 1 } },
      { ok: true, value: { items: [{ key: 'a' }, { key: 'b' }], cursor: null } },
      { ok: true, value: { deleted: true } },
      { ok: false, error: { code: 'conflict' } },
      { ok: true, value: { value: 'k-123' } },
      { ok: true, value: { id: 'u1', displayName: 'Ann' } },
      { ok: true, value: { status: 200, body: 'sunny' } },
      { ok: false, error: { code: 'egress_denied' } },
    ]);
  });

  it('answers every host call it was not granted with capability_denied', async () => {
    const calls = [
      ['kv_get', { key: 'a' }],
      ['secret_get', { name: 'apiKey' }],
      ['user_get', {}],
      ['http_fetch', { method: 'GET', url: `${upstreamOrigin}/weather` }],
    ];
    const res = await js('/host', { grants: ['log'], egress: [upstreamOrigin], body: JSON.stringify(calls) });
    expect(json<{ error: { code: string } }[]>(res).map((r) => r.error.code)).toEqual(
      calls.map(() => 'capability_denied'),
    );
  });

  it('gets a capability it was not granted as a refusal it can read, not an exception', async () => {
    const res = await js('/denied', { grants: ['log'] });
    expect(json(res)).toMatchObject({ ok: false, error: { code: 'capability_denied' } });
  });
});

describe('js@1: isolation between calls', () => {
  it('leaves no global, prototype change or module state to the next call', async () => {
    for (let i = 0; i < 4; i++) expect(json(await js('/pollute'))).toEqual({ calls: 1 });
    const seen = json(await js('/inspect'));
    expect(seen).toMatchObject({ leaked: 'undefined', polluted: null, pushWorks: true, calls: 0 });
  });

  it('starts over from the module’s state after a call that grew the engine’s memory', async () => {
    for (let i = 0; i < 3; i++) expect(json(await js('/grow', { timeoutMs: 10_000 }))).toEqual({ n: 600000, calls: 1 });
    expect(json(await js('/inspect'))).toMatchObject({ leaked: 'undefined', calls: 0 });
  });

  it('reaches nothing but the granted host calls: no Node, no network, no timers, no imports', async () => {
    expect(json(await js('/inspect'))).toMatchObject({
      globals: ['__runner', 'console'],
      require: 'undefined',
      process: 'undefined',
      fetch: 'undefined',
      setTimeout: 'undefined',
      evalWorks: true,
    });
    expect(json(await js('/import'))).toMatchObject({ imported: false });
  });
});

describe('js@1: failures end as structured errors', () => {
  it('stops a runaway loop at its deadline, and the next call succeeds', async () => {
    const res = await js('/loop', { timeoutMs: 300 });
    expect(res.status).toBe(504);
    expect(res.error?.code).toBe('timeout');
    expect((await js('/hello')).status).toBe(200);
  });

  it('stops a memory bomb at the memory cap', async () => {
    const res = await js('/alloc', { memoryMb: 8, timeoutMs: 10_000 });
    expect(res.error?.code).toBe('memory_exceeded');
    expect((await js('/hello')).status).toBe(200);
  });

  it('turns deep recursion, a never-settling promise and a bad status into handler_trap', async () => {
    for (const path of ['/recurse', '/never', '/bad-status']) {
      const res = await js(path);
      expect(res.status, path).toBe(500);
      expect(res.error?.code, path).toBe('handler_trap');
    }
    expect((await js('/never')).error?.message).toMatch(/never settles/);
  });

  it('keeps a thrown error’s message out of the answer (it goes to the runner’s log)', async () => {
    for (const path of ['/throw-error', '/throw-value']) {
      const res = await js(path);
      expect(res.error?.code).toBe('handler_trap');
      expect(text(res)).not.toContain('hunter2');
      expect(res.error?.message).toMatch(/runner's log/);
    }
  });

  it('logs a thrown error’s stack at the author’s file and line, through the bundled source map', async () => {
    const res = await execute(runner.url, {
      contentHash: mapped.contentHash,
      extensionId: 'com.acme.mapped',
      method: 'POST',
      path: '/x',
      pattern: '/x',
    });
    expect(res.error?.code).toBe('handler_trap');
    const line = logLines.find((l) => l['extensionId'] === 'com.acme.mapped' && l['msg'] === 'handler failed');
    const handlerError = line?.['handlerError'] as { message: string; stack: string };
    expect(handlerError.message).toBe('Error: boom');
    expect(handlerError.stack).toMatch(/src\/thrower\.ts:4:\d+/);
    expect(handlerError.stack).not.toContain('handler/handler.js');
  });

  it('refuses an answer over the response cap', async () => {
    expect((await js('/big', { timeoutMs: 10_000 })).error?.code).toBe('response_too_large');
  });

  it('refuses a module that does not load: syntax, no handle export, an import', async () => {
    for (const [kind, packed] of Object.entries(broken)) {
      const res = await execute(runner.url, {
        contentHash: packed.contentHash,
        extensionId: `com.acme.broken${kind.toLowerCase()}`,
        method: 'POST',
        path: '/x',
        pattern: '/x',
      });
      expect(res.error?.code, kind).toBe('module_invalid');
    }
  });

  it('keeps serving other tenants while one tenant’s JavaScript loops', async () => {
    const looping = Array.from({ length: 4 }, () => js('/loop', { tenantId: 'tenant-js-loop', timeoutMs: 1500 }));
    const others = await Promise.all(Array.from({ length: 10 }, () => js('/hello', { tenantId: 'tenant-js-other' })));
    expect(others.map((r) => r.status)).toEqual(others.map(() => 200));
    for (const res of await Promise.all(looping)) expect(['timeout', 'queue_timeout']).toContain(res.error?.code);
  });
});
