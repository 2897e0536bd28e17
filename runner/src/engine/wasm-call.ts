// Inside an engine worker: one wasm@1 call — a fresh instance of the handler module with a memory
// the runner creates (the cap is its maximum), `handle` on the request frame, the answer frame out.
import type { JobHost } from './job-host.js';
import { DeadlinePassed } from './job-host.js';
import { MemoryRecycler } from './memory-recycler.js';
import { WASM_PAGE_BYTES as PAGE } from './wasm-page.js';
import type { RunJob, WorkerOutcome } from './worker-protocol.js';

const decoder = new TextDecoder('utf-8', { fatal: false });

class GuestError extends Error {}

const memories = new MemoryRecycler();

/**
 * The size a module's start function grows its memory to (AssemblyScript's runtime takes a page):
 * later instances get that size up front, so an ordinary call leaves the memory as it found it and
 * the memory can be recycled. The size depends on the module only, never on a request.
 */
const startPagesOf = new Map<string, number>();

export function runWasmCall(job: RunJob, module: WebAssembly.Module, host: JobHost): WorkerOutcome {
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
    (fn: string) =>
    (ptr: number, len: number): bigint =>
      writeToGuest(host.hostCallBytes(fn, decoder.decode(view(ptr, len))));

  const runner = {
    log: (level: number, ptr: number, len: number) => host.log(level, decoder.decode(view(ptr, Math.min(len, 8192)))),
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
  return outcome;
}
