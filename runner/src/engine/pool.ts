import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LOG_LEVELS } from '@extsys/protocol';
import type { HostCallHandler } from '../capabilities/host-calls.js';
import { RunnerError } from '../errors.js';
import { FairQueue } from './fair-queue.js';
import {
  HOST_CALL_BUFFER_BYTES,
  type HandlerCode,
  type HostCallRequest,
  type JobDone,
  type RunJob,
  type WorkerInit,
} from './worker-protocol.js';

const encoder = new TextEncoder();

/**
 * `timeout`: the handler ran until its deadline and its worker was terminated. `queue_timeout`: the
 * call waited for a worker until its deadline and never ran (a retry cannot repeat any effect).
 */
export type JobResult =
  JobDone | { type: 'timeout' } | { type: 'queue_timeout' } | { type: 'crashed'; message: string };

/**
 * The worker script. Under vitest the runner's sources run as TypeScript, which a worker thread
 * cannot load: workers always run the built file (`npm run build` precedes the tests).
 */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/engine/worker.js', import.meta.url)
  : new URL('./worker.js', import.meta.url);

/**
 * A worker's JavaScript heap. A call leaves little behind (its wasm memory lives outside the heap),
 * but V8 sizes each thread's young generation by the machine's memory and lets it fill before
 * collecting: measured 2026-12-07 with `bench:soak`, the runner's RSS leveled at ~258 MB with the
 * defaults and ~204 MB with 6 MB young generations in its workers, at the same throughput. Caps on
 * the old generation stay V8's: a handler's heap is its wasm memory, capped per call.
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 6 };

interface PoolWorker {
  worker: Worker;
  control: Int32Array;
  data: Uint8Array;
  knownModules: Set<string>;
  job?: { id: number; resolve: (result: JobResult) => void; onHostCall: HostCallHandler; timer: NodeJS.Timeout };
}

interface Queued {
  tenantId: string;
  job: Omit<RunJob, 'jobId' | 'code' | 'type'>;
  code: HandlerCode;
  onHostCall: HostCallHandler;
  resolve: (result: JobResult) => void;
  /** performance.now() when the call reached the pool. */
  arrivedAt: number;
  /** Fails the call with `queue_timeout` at its deadline while it waits. */
  expiry?: NodeJS.Timeout;
}

export interface PoolOptions {
  /** Workers; default: one per core plus one spare, so a worker killed at a deadline is not missed. */
  size?: number;
  /** Jobs waiting for a worker before new ones are refused with `overloaded`. */
  maxQueue?: number;
  /**
   * Workers one tenant may hold at once; default `max(1, size - 1)`, so one tenant's runaways
   * always leave a worker to the others (see fair-queue.ts).
   */
  tenantMaxWorkers?: number;
  /**
   * Calls one tenant may have waiting before its new ones are refused with `tenant_busy`; default a
   * quarter of `maxQueue`, so one tenant's burst cannot fill the queue every tenant shares.
   */
  tenantMaxQueue?: number;
  onRestart?: () => void;
  /** A worker finished starting (benchmarks measure recovery with it). */
  onReady?: () => void;
  /** The QuickJS wasm every worker runs js@1 handlers with (compileQuickJsWasm); without it js@1 calls fail. */
  jsEngine?: WebAssembly.Module;
  /** A call left the queue, to run or at its deadline, after waiting this long (0 when a worker was idle). */
  onQueueWait?: (tenantId: string, waitedMs: number) => void;
}

/**
 * A fixed pool of engine workers shared fairly between tenants. A job runs on an idle worker or
 * waits in a bounded per-tenant queue (fair-queue.ts decides who runs next); a job still waiting at
 * its deadline fails with `queue_timeout` at once; a job that runs past its deadline has its
 * worker terminated (the only way to stop a running wasm function in V8) and a replacement is
 * started in the background.
 */
export class WorkerPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly idle: PoolWorker[] = [];
  private readonly queue: FairQueue<Queued>;
  private nextJobId = 1;
  private closed = false;
  readonly size: number;
  private readonly maxQueue: number;
  restarts = 0;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = options.size ?? availableParallelism() + 1;
    this.maxQueue = options.maxQueue ?? this.size * 32;
    this.queue = new FairQueue({
      maxRunningPerTenant: Math.min(this.size, options.tenantMaxWorkers ?? Math.max(1, this.size - 1)),
      maxQueuedPerTenant: options.tenantMaxQueue ?? Math.max(1, Math.floor(this.maxQueue / 4)),
    });
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /** The per-tenant limits in force (defaults applied). */
  get tenantLimits(): { maxWorkers: number; maxQueue: number } {
    const { maxRunningPerTenant, maxQueuedPerTenant } = this.queue.limits;
    return { maxWorkers: maxRunningPerTenant, maxQueue: maxQueuedPerTenant };
  }

  get queueDepth(): number {
    return this.queue.size;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  get busy(): number {
    return this.workers.size - this.idle.length;
  }

  private spawn(): void {
    const init: WorkerInit = {
      control: new SharedArrayBuffer(8),
      data: new SharedArrayBuffer(HOST_CALL_BUFFER_BYTES),
      logLevels: LOG_LEVELS,
      jsEngine: this.options.jsEngine,
    };
    const worker = new Worker(WORKER_URL, { workerData: init, resourceLimits: WORKER_HEAP_LIMITS });
    const entry: PoolWorker = {
      worker,
      control: new Int32Array(init.control),
      data: new Uint8Array(init.data),
      knownModules: new Set(),
    };
    // A worker joins the idle list once its script has loaded, so no job waits on a cold start.
    worker.on('message', (message: JobDone | HostCallRequest | { type: 'ready' }) => {
      if (message.type === 'ready') {
        this.release(entry);
        this.options.onReady?.();
      } else this.onMessage(entry, message);
    });
    worker.on('error', (error) => this.replace(entry, { type: 'crashed', message: error.message }));
    worker.unref();
    this.workers.add(entry);
  }

  private onMessage(entry: PoolWorker, message: JobDone | HostCallRequest): void {
    const job = entry.job;
    if (!job || message.jobId !== job.id) return;
    if (message.type === 'host-call') {
      void job
        .onHostCall(message.fn, message.args)
        .catch((error: unknown) =>
          // A host function that throws must never take the process down: the guest gets an error.
          JSON.stringify({
            ok: false,
            error: {
              code: 'internal',
              message: `runner.${message.fn} failed: ${(error as Error).message}`,
              retriable: false,
            },
          }),
        )
        .then((answer) => {
          if (entry.job?.id !== message.jobId) return; // timed out meanwhile
          let bytes = encoder.encode(answer);
          if (bytes.length > entry.data.length) {
            bytes = encoder.encode(
              JSON.stringify({
                ok: false,
                error: {
                  code: 'response_too_large',
                  message: 'the host call answer exceeds the relay buffer',
                  retriable: false,
                },
              }),
            );
          }
          entry.data.set(bytes);
          Atomics.store(entry.control, 1, bytes.length);
          Atomics.store(entry.control, 0, 1);
          Atomics.notify(entry.control, 0);
        });
      return;
    }
    clearTimeout(job.timer);
    entry.job = undefined;
    job.resolve(message);
    this.release(entry);
  }

  /** A worker became free: park it, then hand out idle workers to whoever may run next. */
  private release(entry: PoolWorker): void {
    this.idle.push(entry);
    this.dispatch();
  }

  /**
   * Gives idle workers to the queued calls the fair queue picks. Runs whenever a worker becomes
   * idle and whenever a tenant's running count drops (a timed-out tenant under its cap again may
   * use a worker that was left idle for the others).
   */
  private dispatch(): void {
    while (this.idle.length > 0) {
      const next = this.queue.takeNext();
      if (!next) return;
      clearTimeout(next.expiry);
      // Its timer may not have fired yet on a busy event loop: a call past its deadline never starts.
      if (next.job.deadlineAt <= Date.now()) this.expire(next);
      else this.start(this.idle.pop()!, next);
    }
  }

  /** A waiting call reached its deadline: it fails without having run. */
  private expire(queued: Queued): void {
    this.options.onQueueWait?.(queued.tenantId, performance.now() - queued.arrivedAt);
    queued.resolve({ type: 'queue_timeout' });
  }

  private start(entry: PoolWorker, queued: Queued): void {
    const id = this.nextJobId++;
    this.queue.started(queued.tenantId);
    this.options.onQueueWait?.(queued.tenantId, performance.now() - queued.arrivedAt);
    // Every way a started job ends comes through here: the tenant's worker is handed back once.
    const resolve = (result: JobResult) => {
      this.queue.finished(queued.tenantId);
      queued.resolve(result);
      this.dispatch();
    };
    const remaining = queued.job.deadlineAt - Date.now();
    const timer = setTimeout(
      () => {
        if (entry.job?.id !== id) return;
        entry.job = undefined;
        resolve({ type: 'timeout' });
        this.replace(entry, { type: 'timeout' });
      },
      Math.max(0, remaining),
    );
    entry.job = { id, resolve, onHostCall: queued.onHostCall, timer };
    const message: RunJob = { type: 'run', jobId: id, ...queued.job };
    if (!entry.knownModules.has(queued.job.contentHash)) {
      message.code = queued.code;
      entry.knownModules.add(queued.job.contentHash);
    }
    entry.worker.postMessage(message);
  }

  /** Terminates a worker (stuck or crashed) and starts its replacement off the request path. */
  private replace(entry: PoolWorker, reason: JobResult): void {
    if (!this.workers.delete(entry)) return;
    const index = this.idle.indexOf(entry);
    if (index !== -1) this.idle.splice(index, 1);
    if (entry.job) {
      clearTimeout(entry.job.timer);
      entry.job.resolve(reason);
    }
    void entry.worker.terminate();
    this.restarts++;
    this.options.onRestart?.();
    if (!this.closed) this.spawn();
  }

  /**
   * Runs one invocation of `tenantId`; resolves with the worker's answer, `{type: 'timeout'}` or
   * `{type: 'queue_timeout'}`; rejects with `overloaded` (the runner's queue is full) or
   * `tenant_busy` (this tenant's queue is full).
   */
  run(tenantId: string, job: Queued['job'], code: HandlerCode, onHostCall: HostCallHandler): Promise<JobResult> {
    if (this.closed) return Promise.reject(new RunnerError('overloaded', 'the runner is shutting down'));
    return new Promise((resolve, reject) => {
      const queued: Queued = { tenantId, job, code, onHostCall, resolve, arrivedAt: performance.now() };
      if (this.idle.length > 0 && this.queue.mayStartNow(tenantId)) return this.start(this.idle.pop()!, queued);
      if (this.queue.size >= this.maxQueue) {
        return reject(
          new RunnerError(
            'overloaded',
            `all ${this.size} engine workers are busy and ${this.queue.size} calls wait; retry shortly`,
            {
              retryAfterSeconds: 1,
            },
          ),
        );
      }
      if (!this.queue.hasRoomFor(tenantId)) {
        const { maxWorkers, maxQueue } = this.tenantLimits;
        return reject(
          new RunnerError(
            'tenant_busy',
            `this tenant's calls fill its share of the runner: ${this.queue.runningFor(tenantId)} running ` +
              `(at most ${maxWorkers} at once) and ${this.queue.waitingFor(tenantId)} waiting for an engine worker ` +
              `(at most ${maxQueue}); retry once some have answered`,
            { retryAfterSeconds: 1 },
          ),
        );
      }
      queued.expiry = setTimeout(
        () => {
          if (this.queue.remove(queued)) this.expire(queued);
        },
        Math.max(0, job.deadlineAt - Date.now()),
      );
      this.queue.enqueue(queued);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // Calls still waiting never ran: like any call that waited out its deadline, a retry is safe.
    for (const queued of this.queue.drain()) {
      clearTimeout(queued.expiry);
      queued.resolve({ type: 'queue_timeout' });
    }
    await Promise.all([...this.workers].map((entry) => entry.worker.terminate()));
    this.workers.clear();
  }
}
