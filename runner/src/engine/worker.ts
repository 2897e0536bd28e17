// An engine worker: instantiates a fresh instance of a handler module per job, with a memory the
// runner creates (the cap is its maximum), runs `handle`, and relays host calls to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
// Types only: loading @extsys/protocol (and zod) here would cost each worker ~10 MB of heap.
import type { HandlerLogEntry } from '@extsys/protocol';
import { waitForHostAnswer } from './host-call-wait.js';
import { MemoryRecycler } from './memory-recycler.js';
import type { HostCallRequest, JobDone, RunJob, WorkerInit, WorkerOutcome } from './worker-protocol.js';

const { control: controlBuffer, data: dataBuffer, logLevels } = workerData as WorkerInit;
const control = new Int32Array(controlBuffer);
const data = new Uint8Array(dataBuffer);
const modules = new Map<string, WebAssembly.Module>();
const MAX_MODULES = 64;
const decoder = new TextDecoder('utf-8', { fatal: false });
const PAGE = 65536;

class GuestError extends Error {}
/** A host call still unanswered at the deadline: the call timed out (the pool would stop it anyway). */
class DeadlinePassed extends Error {}

const memories = new MemoryRecycler();

/**
 * The size a module's start function grows its memory to (AssemblyScript's runtime takes a page):
 * later instances get that size up front, so an ordinary call leaves the memory as it found it and
 * the memory can be recycled. The size depends on the module only, never on a request.
 */
const startPagesOf = new Map<string, number>();

function run(job: RunJob): JobDone {
  const started = performance.now();
  const logs: HandlerLogEntry[] = [];
  let logBytes = 0;
  let logsTruncated = false;

  if (job.module) {
    modules.set(job.contentHash, job.module);
    if (modules.size > MAX_MODULES) modules.delete(modules.keys().next().value!);
  }
  const module = modules.get(job.contentHash);
  if (!module) throw new Error(`worker has no module for ${job.contentHash}`);

  const initialPages = Math.min(
    job.memory.maxPages,
    Math.max(job.memory.initialPages, startPagesOf.get(job.contentHash) ?? 0),
  );
  const memory = memories.take(initialPages, job.memory.maxPages);
  let exports: {
    alloc: (n: number) => number;
    dealloc: (p: number, n: number) => void;
    handle: (p: number, n: number) => bigint;
  };

  const view = (ptr: number, len: number): Uint8Array => {
    if (ptr < 0 || len < 0 || ptr + len > memory.buffer.byteLength) {
      throw new GuestError(`the handler passed an out-of-bounds buffer (${ptr}+${len})`);
    }
    return new Uint8Array(memory.buffer, ptr, len);
  };
  const writeToGuest = (bytes: Uint8Array): bigint => {
    const ptr = exports.alloc(bytes.length);
    view(ptr, bytes.length).set(bytes);
    return (BigInt(ptr) << 32n) | BigInt(bytes.length);
  };
  const hostCall =
    (fn: HostCallRequest['fn']) =>
    (ptr: number, len: number): bigint => {
      const args = decoder.decode(view(ptr, len));
      Atomics.store(control, 0, 0);
      parentPort!.postMessage({ type: 'host-call', jobId: job.jobId, fn, args } satisfies HostCallRequest);
      if (!waitForHostAnswer(control, job.deadlineAt)) throw new DeadlinePassed();
      const answer = data.slice(0, Atomics.load(control, 1));
      return writeToGuest(answer);
    };

  const runner = {
    log: (level: number, ptr: number, len: number) => {
      const message = decoder.decode(view(ptr, Math.min(len, 8192)));
      if (logsTruncated || logBytes + message.length > job.limits.maxLogBytes || logs.length >= 1000) {
        logsTruncated = true;
        return;
      }
      logBytes += message.length;
      logs.push({ level: logLevels[level] ?? 'info', message, atMs: performance.now() - started });
    },
    kv_get: hostCall('kv_get'),
    kv_put: hostCall('kv_put'),
    kv_delete: hostCall('kv_delete'),
    kv_list: hostCall('kv_list'),
    secret_get: hostCall('secret_get'),
    http_fetch: hostCall('http_fetch'),
    user_get: hostCall('user_get'),
  };

  let outcome: WorkerOutcome;
  try {
    const instance = new WebAssembly.Instance(module, { env: { memory }, runner });
    exports = instance.exports as unknown as typeof exports;
    if (!startPagesOf.has(job.contentHash)) startPagesOf.set(job.contentHash, memory.buffer.byteLength / PAGE);
    const input = writeToGuest(job.frame);
    const packed = exports.handle(Number(input >> 32n), Number(input & 0xffffffffn));
    const ptr = Number(BigInt.asUintN(64, packed) >> 32n);
    const len = Number(BigInt.asUintN(64, packed) & 0xffffffffn);
    if (len > job.limits.maxResponseBytes) {
      outcome = {
        kind: 'response_too_large',
        message: `the handler answered ${len} bytes; the limit is ${job.limits.maxResponseBytes}`,
      };
    } else {
      outcome = { kind: 'ok', frame: view(ptr, len).slice() };
    }
  } catch (error) {
    // V8 does not say why a guest trapped. A trap with the memory (nearly) at its cap is taken as
    // the cap being hit: allocators abort when a grow fails, and grows come in chunks, so the
    // memory stops short of the exact maximum.
    const atCap = memory.buffer.byteLength >= 0.9 * job.memory.maxPages * PAGE;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof DeadlinePassed) outcome = { kind: 'timeout' };
    else if (error instanceof GuestError) outcome = { kind: 'bad_response', message };
    else if (atCap || (error instanceof RangeError && /memory/i.test(message))) {
      outcome = {
        kind: 'memory_exceeded',
        message: `the handler reached its memory cap of ${(job.memory.maxPages * PAGE) / 2 ** 20} MiB (${message})`,
      };
    } else outcome = { kind: 'trap', message };
  }
  if (outcome.kind === 'ok') memories.recycle(memory, initialPages, job.memory.maxPages);
  return { type: 'done', jobId: job.jobId, outcome, logs, logsTruncated, durationMs: performance.now() - started };
}

parentPort!.postMessage({ type: 'ready' });
parentPort!.on('message', (job: RunJob) => {
  const done = run(job);
  const transfer = done.outcome.kind === 'ok' ? [done.outcome.frame.buffer as ArrayBuffer] : [];
  parentPort!.postMessage(done, transfer);
});
