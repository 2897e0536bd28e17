import type { Capability, HandlerLogEntry, RunnerImport } from '@extsys/protocol';

/**
 * Messages between the pool (main thread) and an engine worker. Host calls are synchronous for the
 * guest: the worker posts `host-call` and blocks on `Atomics.wait` until the main thread has
 * written the JSON answer into the worker's shared buffer and notified it.
 */
export interface RunJob {
  type: 'run';
  jobId: number;
  contentHash: string;
  /** Sent only when the worker has not seen this module yet. */
  module?: WebAssembly.Module;
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
  | { kind: 'trap' | 'memory_exceeded' | 'response_too_large' | 'bad_response'; message: string };

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
}

export const HOST_CALL_BUFFER_BYTES = 2 * 1024 * 1024;
