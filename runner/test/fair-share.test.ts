// Fair share of the engine workers between tenants (issue #22): first the pool's scheduling, with
// real workers running the real fixture handlers; then the runner over HTTP while a tenant floods it
// with runaway handlers. Nothing here asserts a duration: only outcomes and the order of events.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RUNNER_ABI_VERSION, encodeFrame, type HandlerRequest } from '@extsys/protocol';
import { loadConfig } from '../src/config.js';
import { RunnerError } from '../src/errors.js';
import { checkHandlerModule } from '../src/engine/module-check.js';
import { WASM_PAGE_BYTES } from '../src/engine/wasm-page.js';
import type { HostCallHandler } from '../src/capabilities/host-calls.js';
import { WorkerPool, type JobResult, type PoolOptions } from '../src/engine/pool.js';
import { keygen, packAndSign, publish, tempDir, type PackedBundle } from './support/bundles.js';
import { SERVICE_TOKEN, execute, metricsAuth, type Call } from './support/execute.js';
import { startRunner, type StartedRunner } from './support/runner.js';

const FIXTURES = resolve(import.meta.dirname, '../../packages/handler-sdk/fixtures/dist');
const MAX_PAGES = (32 * 2 ** 20) / WASM_PAGE_BYTES;

describe('the per-tenant settings', () => {
  const base = { REQUIRE_SIGNATURES: 'false' };

  it('reads ENGINE_TENANT_MAX_WORKERS and ENGINE_TENANT_MAX_QUEUE, and refuses 0 naming the variable', () => {
    expect(loadConfig({ ...base, ENGINE_TENANT_MAX_WORKERS: '3', ENGINE_TENANT_MAX_QUEUE: '40' })).toMatchObject({
      engineTenantMaxWorkers: 3,
      engineTenantMaxQueue: 40,
    });
    expect(loadConfig(base)).toMatchObject({ engineTenantMaxWorkers: undefined, engineTenantMaxQueue: undefined });
    expect(() => loadConfig({ ...base, ENGINE_TENANT_MAX_WORKERS: '0' })).toThrow(
      /ENGINE_TENANT_MAX_WORKERS must be at least 1/,
    );
    expect(() => loadConfig({ ...base, ENGINE_TENANT_MAX_QUEUE: '0' })).toThrow(
      /ENGINE_TENANT_MAX_QUEUE must be at least 1/,
    );
  });
});

describe('the pool shares its workers between tenants', () => {
  let realistic: { module: WebAssembly.Module; minPages: number };
  const pools: WorkerPool[] = [];

  beforeAll(async () => {
    const bytes = await readFile(join(FIXTURES, 'realistic.wasm'));
    const module = await WebAssembly.compile(bytes);
    realistic = { module, minPages: checkHandlerModule(module, bytes, MAX_PAGES).minPages };
  });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  /** A pool whose workers have all started (a cold worker would make the first call wait). */
  async function readyPool(options: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    pools.push(pool);
    await vi.waitFor(() => expect(pool.idleCount).toBe(pool.size), { timeout: 15_000 });
    return pool;
  }

  function run(
    pool: WorkerPool,
    tenantId: string,
    route: { path: string; pattern: string; params?: Record<string, string> },
    options: { deadlineMs?: number; onHostCall?: HostCallHandler } = {},
  ): Promise<JobResult> {
    const header: HandlerRequest = {
      abi: RUNNER_ABI_VERSION,
      context: {
        requestId: 'req_fairshare',
        tenantId,
        extensionId: 'com.acme.fair',
        installId: 'inst_1',
        version: '1.0.0',
      },
      route: { handler: 'h', pattern: route.pattern, params: route.params ?? {} },
      http: { method: 'GET', path: route.path, query: {}, headers: {} },
      config: {},
      grants: ['log', 'user.read'],
    };
    return pool.run(
      tenantId,
      {
        contentHash: 'realistic',
        memory: { initialPages: realistic.minPages, maxPages: MAX_PAGES },
        frame: encodeFrame(header, new Uint8Array()),
        grants: ['log', 'user.read'],
        limits: { maxResponseBytes: 1 << 20, maxLogBytes: 65536 },
        deadlineAt: Date.now() + (options.deadlineMs ?? 10_000),
      },
      { runtime: 'wasm@1', module: realistic.module },
      options.onHostCall ?? (async () => JSON.stringify({ ok: true, value: null })),
    );
  }

  /** A trivial call (`GET /items/:id`, no host call). */
  const quick = (pool: WorkerPool, tenantId: string, id: string, deadlineMs?: number) =>
    run(pool, tenantId, { path: `/items/${id}`, pattern: '/items/:id', params: { id } }, { deadlineMs });

  /**
   * A call that holds its worker until released: `GET /whoami` blocks the guest in its `user_get`
   * host call, which this test answers only on `release()`. No deadline, no kill: the worker is
   * handed back the ordinary way.
   */
  function held(pool: WorkerPool, tenantId: string) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let markStarted!: () => void;
    const started = new Promise<void>((r) => (markStarted = r));
    let hasStarted = false;
    let isReleased = false;
    const result = run(
      pool,
      tenantId,
      { path: '/whoami', pattern: '/whoami' },
      {
        onHostCall: async () => {
          hasStarted = true;
          markStarted();
          await released;
          return JSON.stringify({ ok: true, value: null });
        },
      },
    );
    return {
      result,
      started,
      hasStarted: () => hasStarted,
      isReleased: () => isReleased,
      release: () => {
        isReleased = true;
        release();
      },
    };
  }

  const answered = (result: JobResult) => result.type === 'done' && result.outcome.kind === 'ok';

  it('serves waiting tenants round-robin, not in arrival order', async () => {
    const pool = await readyPool({ size: 1 });
    const blocker = held(pool, 'zeta');
    await blocker.started;
    const order: string[] = [];
    const calls = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'].map((name) =>
      quick(pool, `tenant-${name[0]}`, name).then((result) => {
        expect(answered(result), JSON.stringify(result)).toBe(true);
        order.push(name);
      }),
    );
    expect(pool.queueDepth).toBe(6);
    blocker.release();
    await Promise.all([blocker.result, ...calls]);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('gives a freed worker to the waiting tenant that holds the fewest, even if another queued first', async () => {
    // A cap as large as the pool: only the share rule is under test here.
    const pool = await readyPool({ size: 3, tenantMaxWorkers: 3 });
    const acme = [held(pool, 'acme'), held(pool, 'acme'), held(pool, 'acme')];
    await Promise.all(acme.map((call) => call.started));
    const order: string[] = [];
    const acmeNext = quick(pool, 'acme', 'a4').then(() => order.push('acme'));
    const globexFirst = quick(pool, 'globex', 'g1').then(() => order.push('globex'));
    acme[0]!.release();
    await Promise.all([acmeNext, globexFirst]);
    expect(order).toEqual(['globex', 'acme']);
    for (const call of acme) call.release();
    await Promise.all(acme.map((call) => call.result));
  });

  it('keeps a worker for the other tenants: one tenant holds at most size - 1 workers by default', async () => {
    const pool = await readyPool({ size: 3 });
    // And a quarter of the runner's queue (3 × 32 by default) waiting.
    expect(pool.tenantLimits).toEqual({ maxWorkers: 2, maxQueue: 24 });
    const acme = [held(pool, 'acme'), held(pool, 'acme')];
    await Promise.all(acme.map((call) => call.started));
    const acmeThird = held(pool, 'acme');
    // It waits although a worker is idle: that worker is the others' spare capacity.
    expect(pool.queueDepth).toBe(1);
    expect(pool.idleCount).toBe(1);
    const globex = await quick(pool, 'globex', 'g1', 5000);
    expect(answered(globex), JSON.stringify(globex)).toBe(true);
    expect(acmeThird.hasStarted()).toBe(false);
    // Once one of acme's calls answers, its third runs.
    acme[0]!.release();
    await acmeThird.started;
    acme[1]!.release();
    acmeThird.release();
    for (const result of await Promise.all([...acme, acmeThird].map((call) => call.result))) {
      expect(answered(result)).toBe(true);
    }
  });

  it('refuses a tenant whose queue is full with tenant_busy, and still queues the others', async () => {
    const pool = await readyPool({ size: 1, tenantMaxQueue: 2 });
    const blocker = held(pool, 'acme');
    await blocker.started;
    const queued = [quick(pool, 'acme', 'q1'), quick(pool, 'acme', 'q2')];
    const refused = await quick(pool, 'acme', 'q3').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RunnerError);
    expect(refused).toMatchObject({ code: 'tenant_busy', details: { retryAfterSeconds: 1 } });
    expect((refused as RunnerError).message).toMatch(/1 running \(at most 1 at once\) and 2 waiting .*\(at most 2\)/);
    const globex = quick(pool, 'globex', 'g1');
    expect(pool.queueDepth).toBe(3);
    blocker.release();
    for (const result of await Promise.all([blocker.result, ...queued, globex])) expect(answered(result)).toBe(true);
  });

  it('fails a call still waiting at its deadline with queue_timeout, at the deadline, and never runs it', async () => {
    const waits: [string, number][] = [];
    const pool = await readyPool({ size: 1, onQueueWait: (tenantId, ms) => waits.push([tenantId, ms]) });
    const blocker = held(pool, 'acme');
    await blocker.started;
    let ran = false;
    const waiting = run(
      pool,
      'globex',
      { path: '/whoami', pattern: '/whoami' },
      {
        deadlineMs: 300,
        onHostCall: async () => {
          ran = true;
          return JSON.stringify({ ok: true, value: null });
        },
      },
    );
    // Only a safety net: a pool that fails queued calls only when a worker frees up gets one here.
    const safetyNet = setTimeout(() => blocker.release(), 10_000);
    const result = await waiting;
    const blockerHeldAtExpiry = !blocker.isReleased();
    clearTimeout(safetyNet);
    blocker.release();
    expect(result).toEqual({ type: 'queue_timeout' });
    expect(blockerHeldAtExpiry).toBe(true);
    expect(pool.queueDepth).toBe(0);
    expect(answered(await blocker.result)).toBe(true);
    // The worker is free again; the expired call does not run on it.
    expect(answered(await quick(pool, 'globex', 'after'))).toBe(true);
    expect(ran).toBe(false);
    expect(waits.map(([tenantId]) => tenantId)).toEqual(['acme', 'globex', 'globex']);
  });
});

describe('the runner under a flood of runaway handlers', () => {
  let work: string;
  let trustPath: string;
  let realistic: PackedBundle;
  let hostile: PackedBundle;
  const runners: StartedRunner[] = [];

  beforeAll(async () => {
    work = await tempDir('fair-share');
    const keys = await keygen(join(work, 'keys'), 'release');
    trustPath = keys.trust;
    const pack = async (name: string, wasm: string, paths: string[]) => {
      const dir = join(work, name);
      await mkdir(join(dir, 'handler'), { recursive: true });
      await writeFile(
        join(dir, 'manifest.json'),
        JSON.stringify({
          manifestVersion: 2,
          name,
          publisher: 'Acme',
          version: '1.0.0',
          runtime: 'wasm@1',
          capabilities: ['log'],
          api: {
            module: 'handler/handler.wasm',
            endpoints: paths.map((path) => ({ method: 'GET', path, handler: 'h' })),
          },
        }),
      );
      await copyFile(join(FIXTURES, wasm), join(dir, 'handler/handler.wasm'));
      const bundle = await packAndSign(dir, work, keys.key);
      await publish(join(work, 'store'), bundle);
      return bundle;
    };
    realistic = await pack('com.acme.realistic', 'realistic.wasm', ['/items/:id']);
    hostile = await pack('com.acme.hostile', 'hostile.wasm', ['/loop', '/trap', '/alloc']);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.close()));
  });

  async function runnerWith(env: Record<string, string>): Promise<StartedRunner> {
    const runner = await startRunner({
      BUNDLE_STORE: join(work, 'store'),
      BUNDLE_CACHE_DIR: join(await tempDir('fair-share-cache'), 'cache'),
      SIGNING_TRUST_BUNDLE: trustPath,
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      ...env,
    });
    runners.push(runner);
    // Load both bundles and compile both modules, so the calls below meet the pool only.
    await vi.waitFor(() => expect(runner.pool.idleCount).toBe(runner.pool.size), { timeout: 15_000 });
    expect((await trivial(runner, 'warm-up')).status).toBe(200);
    expect((await runaway(runner, 'warm-up', '/trap')).error?.code).toBe('handler_trap');
    return runner;
  }

  const trivial = (runner: StartedRunner, tenantId: string, extra: Partial<Call> = {}) =>
    execute(runner.url, {
      contentHash: realistic.contentHash,
      path: '/items/7',
      pattern: '/items/:id',
      params: { id: '7' },
      grants: ['log'],
      tenantId,
      ...extra,
    });
  const runaway = (runner: StartedRunner, tenantId: string, path = '/loop', timeoutMs = 2000) =>
    execute(runner.url, {
      contentHash: hostile.contentHash,
      extensionId: 'com.acme.hostile',
      path,
      grants: ['log'],
      tenantId,
      timeoutMs,
    });

  it("answers every trivial call of tenant B within its deadline while tenant A floods runaways at twice the pool's size", async () => {
    const runner = await runnerWith({ ENGINE_WORKERS: '3' });
    const poolSize = runner.pool.size;
    // B's deadline is shorter than A's: in a pool A could fill, B's calls would wait past it.
    const floodDeadlineMs = 3000;
    const trivialDeadlineMs = 1500;
    let floodAnswered = false;
    const flood = Promise.all(
      Array.from({ length: 2 * poolSize }, () => runaway(runner, 'acme', '/loop', floodDeadlineMs)),
    ).finally(() => (floodAnswered = true));
    // Every one of A's calls has reached the pool: running, or waiting for a worker.
    await vi.waitFor(() => expect(runner.pool.busy + runner.pool.queueDepth).toBe(2 * poolSize), {
      timeout: 10_000,
    });

    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await trivial(runner, 'globex', { timeoutMs: trivialDeadlineMs }));
    for (const answer of answers) {
      expect(answer.error).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(answer.response?.status).toBe(200);
    }
    // B's calls ran during the flood, not after it.
    expect(floodAnswered).toBe(false);

    const floodCodes = (await flood).map((answer) => answer.error?.code);
    for (const code of floodCodes) expect(['timeout', 'queue_timeout']).toContain(code);
    // The runaways that got a worker were stopped at their deadline.
    expect(floodCodes.filter((code) => code === 'timeout').length).toBeGreaterThanOrEqual(poolSize - 1);
  });

  it("answers tenant B's calls while tenant A floods handlers that allocate without bound, each trapped at its memory cap", async () => {
    const runner = await runnerWith({ ENGINE_WORKERS: '3', RUNNER_MAX_MEMORY_MB: '16' });
    const poolSize = runner.pool.size;
    const flood = Promise.all(Array.from({ length: 4 * poolSize }, () => runaway(runner, 'acme', '/alloc', 5000)));
    await vi.waitFor(() => expect(runner.pool.busy + runner.pool.queueDepth).toBeGreaterThan(0), { timeout: 10_000 });

    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await trivial(runner, 'globex', { timeoutMs: 1500 }));
    for (const answer of answers) {
      expect(answer.error).toBeUndefined();
      expect(answer.response?.status).toBe(200);
    }
    const floodCodes = (await flood).map((answer) => answer.error?.code);
    // Every allocating call was stopped by its cap, none by the deadline: memory is its own limit.
    for (const code of floodCodes) expect(['memory_exceeded', 'queue_timeout']).toContain(code);
    expect(floodCodes.filter((code) => code === 'memory_exceeded').length).toBeGreaterThanOrEqual(poolSize);
  });

  it('refuses a tenant whose queue is full with 429 tenant_busy and Retry-After, and fails a call that waited out its deadline with 504 queue_timeout', async () => {
    const runner = await runnerWith({ ENGINE_WORKERS: '1', ENGINE_TENANT_MAX_QUEUE: '1' });
    const running = runaway(runner, 'acme', '/loop', 2000);
    await vi.waitFor(() => expect(runner.pool.idleCount).toBe(0), { timeout: 10_000 });
    // Its deadline comes long before the running call's: it expires while the worker is still held.
    const waiting = runaway(runner, 'acme', '/loop', 500);
    await vi.waitFor(() => expect(runner.pool.queueDepth).toBe(1), { timeout: 10_000 });

    const refused = await runaway(runner, 'acme', '/loop', 2000);
    expect(refused.status).toBe(429);
    expect(refused.error).toMatchObject({ code: 'tenant_busy', retriable: true });
    expect(refused.error?.message).toMatch(/1 running \(at most 1 at once\) and 1 waiting .*\(at most 1\)/);
    expect(refused.headers.get('retry-after')).toBe('1');

    const expired = await waiting;
    expect(expired.status).toBe(504);
    expect(expired.error).toMatchObject({ code: 'queue_timeout', retriable: true });
    expect(expired.error?.message).toBe(
      'no engine worker was free for this call within its 500 ms deadline; the handler never ran',
    );
    expect((await running).error?.code).toBe('timeout');

    const metrics = await (await fetch(`${runner.url}/metrics`, { headers: metricsAuth })).text();
    expect(metrics).toContain('extsys_runner_invocations_total{outcome="tenant_busy"} 1');
    expect(metrics).toContain('extsys_runner_invocations_total{outcome="queue_timeout"} 1');
    // Acme's calls that reached the pool (the refused one did not): the one that ran, the one that expired.
    expect(metrics).toContain('extsys_runner_queue_wait_seconds_count{tenant="acme"} 2');
  });
});
