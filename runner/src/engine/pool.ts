import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LOG_LEVELS } from '@extsys/protocol';
import { RunnerError } from '../errors.js';
import {
  HOST_CALL_BUFFER_BYTES,
  type HostCallRequest,
  type JobDone,
  type RunJob,
  type WorkerInit,
} from './worker-protocol.js';

const encoder = new TextEncoder();

/** Answers a guest's host call (on the main thread); resolves to the JSON text the guest reads. */
export type HostCallHandler = (fn: HostCallRequest['fn'], args: string) => Promise<string>;

export type JobResult = JobDone | { type: 'timeout' } | { type: 'crashed'; message: string };

/**
 * The worker script. Under vitest the runner's sources run as TypeScript, which a worker thread
 * cannot load: workers always run the built file (`npm run build` precedes the tests).
 */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/engine/worker.js', import.meta.url)
  : new URL('./worker.js', import.meta.url);

interface PoolWorker {
  worker: Worker;
  control: Int32Array;
  data: Uint8Array;
  knownModules: Set<string>;
  job?: { id: number; resolve: (result: JobResult) => void; onHostCall: HostCallHandler; timer: NodeJS.Timeout };
}

interface Queued {
  job: Omit<RunJob, 'jobId' | 'module' | 'type'>;
  module: WebAssembly.Module;
  onHostCall: HostCallHandler;
  resolve: (result: JobResult) => void;
}

export interface PoolOptions {
  /** Workers; default: one per core plus one spare, so a worker killed at a deadline is not missed. */
  size?: number;
  /** Jobs waiting for a worker before new ones are refused with `overloaded`. */
  maxQueue?: number;
  onRestart?: () => void;
  /** A worker finished starting (benchmarks measure recovery with it). */
  onReady?: () => void;
}

/**
 * A fixed pool of engine workers. A job runs on an idle worker or waits in a bounded queue; a job
 * that passes its deadline has its worker terminated (the only way to stop a running wasm
 * function in V8) and a replacement is started in the background.
 */
export class WorkerPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly idle: PoolWorker[] = [];
  private readonly queue: Queued[] = [];
  private nextJobId = 1;
  private closed = false;
  readonly size: number;
  private readonly maxQueue: number;
  restarts = 0;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = options.size ?? availableParallelism() + 1;
    this.maxQueue = options.maxQueue ?? this.size * 32;
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  get queueDepth(): number {
    return this.queue.length;
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
    };
    const worker = new Worker(WORKER_URL, { workerData: init });
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

  /** A worker became free: give it the next queued job, or park it. */
  private release(entry: PoolWorker): void {
    const next = this.queue.shift();
    if (next) this.start(entry, next);
    else this.idle.push(entry);
  }

  private start(entry: PoolWorker, queued: Queued): void {
    const id = this.nextJobId++;
    const remaining = queued.job.deadlineAt - Date.now();
    const timer = setTimeout(
      () => {
        if (entry.job?.id !== id) return;
        entry.job = undefined;
        queued.resolve({ type: 'timeout' });
        this.replace(entry, { type: 'timeout' });
      },
      Math.max(0, remaining),
    );
    entry.job = { id, resolve: queued.resolve, onHostCall: queued.onHostCall, timer };
    const message: RunJob = { type: 'run', jobId: id, ...queued.job };
    if (!entry.knownModules.has(queued.job.contentHash)) {
      message.module = queued.module;
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

  /** Runs one invocation; resolves with the worker's answer or `{type: 'timeout'}`. */
  run(job: Queued['job'], module: WebAssembly.Module, onHostCall: HostCallHandler): Promise<JobResult> {
    if (this.closed) return Promise.reject(new RunnerError('overloaded', 'the runner is shutting down'));
    return new Promise((resolve, reject) => {
      const queued: Queued = { job, module, onHostCall, resolve };
      const worker = this.idle.pop();
      if (worker) return this.start(worker, queued);
      if (this.queue.length >= this.maxQueue) {
        return reject(
          new RunnerError(
            'overloaded',
            `all ${this.size} engine workers are busy and ${this.queue.length} calls wait; retry shortly`,
            {
              retryAfterSeconds: 1,
            },
          ),
        );
      }
      this.queue.push(queued);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.resolve({ type: 'timeout' });
    await Promise.all([...this.workers].map((entry) => entry.worker.terminate()));
    this.workers.clear();
  }
}
