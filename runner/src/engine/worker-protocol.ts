import type { Capability, HandlerLogEntry, RunnerImport } from '@extsys/protocol';

/** A handler's code, sent to a worker the first time it runs that content hash. */
export type HandlerCode =
  | { runtime: 'wasm@1'; module: WebAssembly.Module }
  /** js@1: the module's source and the name its stack traces show. */
  | { runtime: 'js@1'; source: string; filename: string };

/**
 * Messages between the pool (main thread) and an engine worker. Host calls are synchronous for the
 * guest: the worker posts `host-call` and blocks on `Atomics.wait` until the main thread has
 * written the JSON answer into the worker's shared buffer and notified it.
 */
export interface RunJob {
  type: 'run';
  jobId: number;
  contentHash: string;
  /** Sent only when the worker has not seen this content hash yet. */
  code?: HandlerCode;
  memory: { initialPages: number; maxPages: number };
  /** The request frame (`HandlerRequest` header + body) handed to `handle`. */
  frame: Uint8Array;
  grants: Capability[];
  limits: { maxResponseBytes: number; maxLogBytes: number };
  /** Absolute wall-clock deadline (ms since the epoch). */
  deadlineAt: number;
}

export type WorkerOutcome =
  | { kind: 'ok'; frame: Uint8Array }
  /** A host call was still unanswered at the deadline. */
  | { kind: 'timeout' }
  | { kind: 'trap' | 'memory_exceeded' | 'response_too_large' | 'bad_response' | 'module_invalid'; message: string }
  /** A js@1 handler threw or rejected: its own message and stack, for the runner's log only. */
  | { kind: 'threw'; message: string; stack?: string };

export interface JobDone {
  type: 'done';
  jobId: number;
  outcome: WorkerOutcome;
  logs: HandlerLogEntry[];
  logsTruncated: boolean;
  durationMs: number;
}

export interface HostCallRequest {
  type: 'host-call';
  jobId: number;
  fn: Exclude<RunnerImport, 'log'>;
  args: string;
}

export interface WorkerInit {
  /** [state, length]: state 0 = waiting, 1 = answer ready. */
  control: SharedArrayBuffer;
  /** Where the main thread writes a host call's UTF-8 JSON answer. */
  data: SharedArrayBuffer;
  /** `runner.log` level numbers → names (the protocol's LOG_LEVELS, handed over by the pool). */
  logLevels: readonly HandlerLogEntry['level'][];
  /** The QuickJS engine's wasm for js@1 handlers, compiled once per process (see js/quickjs-wasm.ts). */
  jsEngine: WebAssembly.Module | undefined;
}

export const HOST_CALL_BUFFER_BYTES = 2 * 1024 * 1024;
