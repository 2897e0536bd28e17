import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { HANDLER_EXPORTS, RUNNER_IMPORTS, encodeFrame } from '@extsys/protocol';
import { ErrorResponse } from '@extsys/protocol/errors';
import { describe, expect, it } from 'vitest';
import { FIXTURES, LEVELS, TestHost, fixtureModule, fixturePath, memoryImportLimits, request } from './host.js';

const realistic = () => fixtureModule('realistic');
const hostile = () => fixtureModule('hostile');
const json = (text: string): unknown => JSON.parse(text);

describe('built modules match runner ABI v1', () => {
  it.each(['realistic', 'hostile', 'json'] as const)(
    '%s imports only env.memory and runner.*, exports exactly the ABI',
    (name) => {
      const module = fixtureModule(name);
      const exports = WebAssembly.Module.exports(module);
      expect(exports).toEqual(HANDLER_EXPORTS.map((n) => ({ name: n, kind: 'function' })));
      for (const imp of WebAssembly.Module.imports(module)) {
        if (imp.module === 'env') expect(imp).toEqual({ module: 'env', name: 'memory', kind: 'memory' });
        else {
          expect(imp.module).toBe('runner');
          expect(imp.kind).toBe('function');
          expect(Object.keys(RUNNER_IMPORTS)).toContain(imp.name);
        }
      }
      const memory = memoryImportLimits(readFileSync(fixturePath(name)));
      expect(memory).toEqual({ minimum: 1, memory64: false }); // no maximum: the runner's cap is the maximum
    },
  );

  it('instantiates small: start-up stays within a few pages (no 1 MiB json-as cache arena)', () => {
    const host = new TestHost();
    host.instantiate(realistic());
    expect(host.memory.buffer.byteLength / 65536).toBeLessThanOrEqual(4);
    host.call(realistic(), request({ path: '/items/1' }));
    expect(host.memory.buffer.byteLength / 65536).toBeLessThanOrEqual(4);
  });

  it('realistic imports the host functions it uses, and only those', () => {
    const names = WebAssembly.Module.imports(realistic()).map((i) => `${i.module}.${i.name}`);
    expect(names.sort()).toEqual(
      [
        'env.memory',
        'runner.http_fetch',
        'runner.kv_delete',
        'runner.kv_get',
        'runner.kv_list',
        'runner.kv_put',
        'runner.log',
        'runner.secret_get',
        'runner.user_get',
      ].sort(),
    );
  });

  it('the unknown-import module carries its evil.x import (for the runner’s module_invalid test)', () => {
    const imports = WebAssembly.Module.imports(fixtureModule('unknown-import'));
    expect(imports).toContainEqual({ module: 'evil', name: 'x', kind: 'function' });
    expect(FIXTURES).toContain('unknown-import');
  });
});

describe('the author template', () => {
  it('builds (with its own asconfig.json) into an ABI v1 module that serves its routes', () => {
    const module = fixtureModule('template');
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual([...HANDLER_EXPORTS]);
    // Only the host functions the handler calls are imported.
    expect(
      WebAssembly.Module.imports(module)
        .map((i) => `${i.module}.${i.name}`)
        .sort(),
    ).toEqual(['env.memory', 'runner.kv_get', 'runner.kv_put', 'runner.log']);
    const host = new TestHost();
    expect(host.call(module, request({ path: '/hello/Ada' })).text).toBe('Hello, Ada!');
    host.call(module, request({ method: 'POST', path: '/visits' }));
    expect(json(host.call(module, request({ method: 'POST', path: '/visits' })).text)).toEqual({ visits: 2 });
  });
});

describe('router', () => {
  it('matches method + path with :params and parses query multi-values', () => {
    const host = new TestHost();
    const res = host.call(
      realistic(),
      request({
        path: '/items/42?view=full&tag=a&tag=b',
        query: { view: ['full'], tag: ['a', 'b'] },
        handler: 'items.get',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json(res.text)).toEqual({ id: '42', view: 'full', tags: ['a', 'b'], handler: 'items.get' });
  });

  it('dispatches on route.handler first when a handler of that name is registered', () => {
    const res = new TestHost().call(
      realistic(),
      request({ method: 'PUT', path: '/anything/7', handler: 'namedHandler' }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('named handler namedHandler for PUT /anything/7');
  });

  it('keeps the gateway params and overlays its own match', () => {
    const res = new TestHost().call(
      realistic(),
      request({ path: '/items/abc', pattern: '/items/:id', params: { id: 'abc', extra: 'x' } }),
    );
    expect((json(res.text) as { id: string }).id).toBe('abc');
  });

  it('answers 404 and 405 with the system error shape', () => {
    const host = new TestHost();
    const missing = host.call(realistic(), request({ path: '/nope' }));
    expect(missing.status).toBe(404);
    expect(json(missing.text)).toEqual({
      error: {
        code: 'not_found',
        message: 'no route for GET /nope',
        retriable: false,
        status: 404,
        requestId: 'req_01HZX3',
      },
    });
    const wrongMethod = host.call(realistic(), request({ method: 'PATCH', path: '/counter' }));
    expect(wrongMethod.status).toBe(405);
    // The envelope the ext SDK reads: a handler's code reaches the UI only if this parses.
    const parsed = ErrorResponse.safeParse(json(wrongMethod.text));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.error.code).toBe('method_not_allowed');
  });
});

describe('request and response frames', () => {
  it('echoes raw body bytes (non-UTF-8 included) and selected headers', () => {
    const body = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x41]);
    const res = new TestHost().call(
      realistic(),
      request({
        method: 'POST',
        path: '/echo',
        headers: { 'content-type': 'application/x-test', 'x-trace-id': 't-1', cookie: 'dropped' },
      }),
      body,
    );
    expect(res.status).toBe(200);
    expect([...res.body]).toEqual([...body]);
    expect(res.headers).toEqual({ 'content-type': 'application/x-test', 'x-trace-id': 't-1', 'x-echo-length': '7' });
  });

  it('decodes a body as text like TextDecoder (invalid UTF-8 → U+FFFD)', () => {
    const host = new TestHost();
    const samples = [
      [0x41, 0xff, 0xc3, 0x28, 0xe2, 0x82],
      [0xed, 0xa0, 0x80, 0x41], // an encoded surrogate
      [0xc0, 0xaf, 0xe0, 0x80, 0xaf], // overlong forms
      [0xf4, 0x90, 0x80, 0x80, 0xf0, 0x9f, 0x98, 0x80], // above U+10FFFF, then 😀
      [0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98], // € then a truncated 4-byte sequence
      [...new TextEncoder().encode('héllo wörld 😀 ✓')],
    ];
    for (const bytes of samples) {
      const body = new Uint8Array(bytes);
      const res = host.call(realistic(), request({ method: 'POST', path: '/text' }), body);
      expect(res.text).toBe(new TextDecoder().decode(body));
    }
  });

  it('handles an empty body and a large one', () => {
    const host = new TestHost();
    expect(host.call(realistic(), request({ method: 'POST', path: '/echo' })).body.byteLength).toBe(0);
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    expect([...host.call(realistic(), request({ method: 'POST', path: '/echo' }), big).body]).toEqual([...big]);
  });

  it('parses header strings with escapes and non-ASCII text', () => {
    const res = new TestHost().call(
      realistic(),
      request({ path: '/items/caf%C3%A9', query: { view: ['"quoted" \\ ünï 😀'] } }),
    );
    expect((json(res.text) as { view: string }).view).toBe('"quoted" \\ ünï 😀');
    for (const view of ['\u0001\n\t\b\f\r</script>', 'lone \ud800 surrogate', '\udc00', 'a\\😀\\😀']) {
      const again = new TestHost().call(realistic(), request({ path: '/items/1', query: { view: [view] } }));
      expect((json(again.text) as { view: string }).view).toBe(view);
    }
  });

  it('parses a JSON body into a @json class and serializes one back (Request.json / Response.json)', () => {
    const title = '"quoted" \\ ünï 😀 </script>\n';
    const res = new TestHost().call(
      realistic(),
      request({ method: 'POST', path: '/notes', headers: { 'content-type': 'application/json' } }),
      JSON.stringify({ stars: 2, tags: ['a'], title, ignored: { deep: [1] } }),
    );
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json(res.text)).toEqual({ title, tags: ['a', 'seen'], stars: 3 });
  });

  it('answers 400 validation_failed, not a trap, for a body json<T>() cannot parse', () => {
    const host = new TestHost();
    const res = host.call(realistic(), request({ method: 'POST', path: '/notes' }), '{"title": ');
    expect(res.status).toBe(400);
    expect(json(res.text)).toEqual({
      error: {
        code: 'validation_failed',
        message: 'the body is not valid JSON',
        retriable: false,
        status: 400,
        requestId: 'req_01HZX3',
      },
    });
    expect(host.logs).toEqual([]);
  });

  it('seeds Math.random from the request id and routes trace() to the debug log', () => {
    const host = new TestHost();
    const a = host.call(realistic(), request({ path: '/random' })).text;
    expect(Number(a)).toBeGreaterThanOrEqual(0);
    expect(Number(a)).toBeLessThan(1);
    expect(host.call(realistic(), request({ path: '/random' })).text).toBe(a); // same request id
    expect(host.logs).toContainEqual({ level: LEVELS.debug, message: 'trace: random 42.0' });
  });

  it('traps (after logging) on a frame that is not EXF1', () => {
    const host = new TestHost();
    host.instantiate(realistic());
    const frame = encodeFrame(request({ path: '/counter' }));
    frame[0] = 0x58;
    expect(() => host.handleFrame(frame)).toThrow(WebAssembly.RuntimeError);
    expect(host.logs).toEqual([
      { level: LEVELS.error, message: expect.stringContaining('abort: frame does not start with "EXF1"') as unknown },
    ]);
  });
});

describe('host calls', () => {
  it('increments a per-tenant counter in KV with revisions', () => {
    const host = new TestHost();
    const first = host.call(realistic(), request({ method: 'POST', path: '/counter' }));
    expect(json(first.text)).toEqual({ tenant: 'tenant-a', count: 1, revision: 1, conflicts: 0 });
    const second = host.call(realistic(), request({ method: 'POST', path: '/counter' }));
    expect(json(second.text)).toEqual({ tenant: 'tenant-a', count: 2, revision: 2, conflicts: 0 });
    expect(json(host.call(realistic(), request({ path: '/counter' })).text)).toEqual({
      tenant: 'tenant-a',
      count: 2,
      revision: 2,
    });
    expect(host.calls.filter((c) => c.fn === 'kv_put').map((c) => c.args)).toEqual([
      { key: 'counter', value: '1', ifRevision: 0 },
      { key: 'counter', value: '2', ifRevision: 1 },
    ]);
    expect(host.logs).toContainEqual({ level: LEVELS.info, message: 'counter incremented to 2' });
  });

  it('surfaces a revision conflict as a value (the handler retries)', () => {
    let raced = false;
    const host = new TestHost({
      beforeKvPut: (kv, h) => {
        if (raced) return;
        raced = true;
        kv.set('counter', { value: '10', revision: ++h.revision }); // a concurrent writer wins
      },
    });
    const res = host.call(realistic(), request({ method: 'POST', path: '/counter' }));
    expect(res.status).toBe(200);
    expect(json(res.text)).toEqual({ tenant: 'tenant-a', count: 11, revision: 2, conflicts: 1 });
    expect(host.logs).toContainEqual({ level: LEVELS.warn, message: 'counter write conflict, retrying' });
  });

  it('lists and deletes keys', () => {
    const host = new TestHost();
    host.call(realistic(), request({ method: 'POST', path: '/counter' }));
    host.kv.set('other', { value: 'x', revision: 9 });
    expect(json(host.call(realistic(), request({ path: '/keys', query: { prefix: ['c'] } })).text)).toEqual({
      keys: ['counter'],
      cursor: null,
    });
    expect(json(host.call(realistic(), request({ method: 'DELETE', path: '/counter' })).text)).toEqual({
      deleted: true,
    });
    expect(json(host.call(realistic(), request({ method: 'DELETE', path: '/counter' })).text)).toEqual({
      deleted: false,
    });
  });

  it('fetches an allowed URL given in config', () => {
    const host = new TestHost({ allowedOrigins: ['https://api.weather.example'] });
    const res = host.call(
      realistic(),
      request({ path: '/weather', config: { weatherUrl: 'https://api.weather.example/now?city=paris' } }),
    );
    expect(res.status).toBe(200);
    expect(json(res.text)).toEqual({ upstreamStatus: 200, upstream: '{"tempC":21.5}' });
    expect(host.calls).toEqual([
      { fn: 'http_fetch', args: { method: 'GET', url: 'https://api.weather.example/now?city=paris' } },
    ]);
  });

  it('reads the user and a secret without logging it', () => {
    const host = new TestHost({ secrets: { apiKey: 's3cr3t-value' }, user: { id: 'u-7', email: 'a@b.example' } });
    expect(json(host.call(realistic(), request({ path: '/whoami' })).text)).toEqual({
      user: { id: 'u-7', email: 'a@b.example' },
    });
    expect(json(host.call(realistic(), request({ path: '/secret-length' })).text)).toEqual({ length: 12 });
    expect(
      json(host.call(realistic(), request({ path: '/secret-length', config: { secretName: 'missing' } })).text),
    ).toEqual({
      length: -1,
    });
    expect(JSON.stringify(host.logs)).not.toContain('s3cr3t');
    const nobody = new TestHost({ user: null });
    expect(json(nobody.call(realistic(), request({ path: '/whoami' })).text)).toEqual({ user: null });
  });

  it.each([
    ['/counter', 'storage.kv'],
    ['/whoami', 'user.read'],
    ['/secret-length', 'secrets.read'],
    ['/weather', 'http.fetch'],
  ] as const)('%s without %s gets capability_denied as data, not a trap', (path, capability) => {
    const host = new TestHost({ allowedOrigins: ['https://api.weather.example'] });
    const grants = (['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'] as const).filter(
      (g) => g !== capability,
    );
    const res = host.call(
      realistic(),
      request({ path, grants, config: { weatherUrl: 'https://api.weather.example/x' } }),
    );
    expect(res.status).toBe(403);
    expect((json(res.text) as { error: { code: string } }).error.code).toBe('capability_denied');
  });

  it('reports a fetch to a host outside the allowlist as a denial value', () => {
    const host = new TestHost({ allowedOrigins: ['https://api.weather.example'] });
    const res = host.call(
      hostile(),
      request({ path: '/fetch-denied', config: { deniedUrl: 'https://evil.example/x' } }),
    );
    expect(res.status).toBe(200);
    expect(json(res.text)).toEqual({ ok: false, denied: true, code: 'egress_denied' });
    expect(host.logs).toContainEqual({ level: LEVELS.warn, message: 'fetch to a denied host answered egress_denied' });
  });

  it('writes each log level', () => {
    const host = new TestHost();
    const res = host.call(realistic(), request({ method: 'POST', path: '/logs' }));
    expect(res.status).toBe(204);
    expect(host.logs).toEqual([
      { level: LEVELS.debug, message: 'a debug line' },
      { level: LEVELS.info, message: 'an info line' },
      { level: LEVELS.warn, message: 'a warn line' },
      { level: LEVELS.error, message: 'an error line' },
    ]);
  });
});

describe('hostile handler', () => {
  it('abort (failed assert) logs through runner.log, then traps', () => {
    const host = new TestHost();
    expect(() => host.call(hostile(), request({ path: '/abort' }))).toThrow(WebAssembly.RuntimeError);
    expect(host.logs).toHaveLength(1);
    expect(host.logs[0]!.level).toBe(LEVELS.error);
    expect(host.logs[0]!.message).toMatch(/^abort: the body is too small at .*hostile\.ts:\d+:\d+$/);
  });

  it('throw is an abort too', () => {
    const host = new TestHost();
    expect(() => host.call(hostile(), request({ path: '/throw' }))).toThrow(WebAssembly.RuntimeError);
    expect(host.logs[0]!.message).toContain('abort: thrown from a handler');
  });

  it('/loop never returns: only terminating its worker stops it (the runner’s deadline)', async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
      const instance = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes), {
        env: { memory }, runner: { log() {}, http_fetch: () => 0n, secret_get: () => 0n, kv_put: () => 0n },
      });
      const ptr = instance.exports.alloc(workerData.frame.length);
      new Uint8Array(memory.buffer, ptr, workerData.frame.length).set(workerData.frame);
      parentPort.postMessage('started');
      instance.exports.handle(ptr, workerData.frame.length);
      parentPort.postMessage('returned');`;
    const worker = new Worker(code, {
      eval: true,
      workerData: { bytes: readFileSync(fixturePath('hostile')), frame: encodeFrame(request({ path: '/loop' })) },
    });
    const messages: string[] = [];
    worker.on('message', (m: string) => messages.push(m));
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(messages).toEqual(['started']);
    const started = performance.now();
    await worker.terminate();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('unreachable traps', () => {
    expect(() => new TestHost().call(hostile(), request({ path: '/trap' }))).toThrow(/unreachable/);
  });

  it('the memory bomb traps at the host-created memory maximum', () => {
    const host = new TestHost({ maxPages: 64 }); // 4 MiB
    expect(() => host.call(hostile(), request({ path: '/alloc' }))).toThrow(WebAssembly.RuntimeError);
    expect(host.memory.buffer.byteLength).toBeLessThanOrEqual(64 * 65536);
  });

  it('returns an oversized response (capping it is the runner’s job)', () => {
    const res = new TestHost({ maxPages: 512 }).call(hostile(), request({ path: '/big', query: { mb: ['3'] } }));
    expect(res.status).toBe(200);
    expect(res.body.byteLength).toBe(3 << 20);
  });

  it('/big over the memory cap traps instead', () => {
    expect(() =>
      new TestHost({ maxPages: 64 }).call(hostile(), request({ path: '/big', query: { mb: ['8'] } })),
    ).toThrow(WebAssembly.RuntimeError);
  });
});
