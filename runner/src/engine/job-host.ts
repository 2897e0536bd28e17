// Inside an engine worker: what one job's guest can reach, whatever its runtime — host calls
// relayed to the main thread (synchronous for the guest) and a bounded log buffer.
import { parentPort } from 'node:worker_threads';
import type { HandlerLogEntry } from '@extsys/protocol';
import { waitForHostAnswer } from './host-call-wait.js';
import type { HostCallRequest, JobDone, RunJob, WorkerOutcome } from './worker-protocol.js';

/** A host call still unanswered at the deadline: the call timed out (the pool would stop it anyway). */
export class DeadlinePassed extends Error {
  constructor() {
    super('the deadline passed during a host call');
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const MAX_LOG_LINES = 1000;
const MAX_LOG_LINE_CHARS = 8192;

export class JobHost {
  private readonly started = performance.now();
  private readonly logs: HandlerLogEntry[] = [];
  private logBytes = 0;
  private logsTruncated = false;

  constructor(
    private readonly job: RunJob,
    private readonly relay: { control: Int32Array; data: Uint8Array },
    private readonly logLevels: readonly HandlerLogEntry['level'][],
  ) {}

  get deadlineAt(): number {
    return this.job.deadlineAt;
  }

  /** One `runner.*` call: posts it to the main thread and blocks until the answer (JSON text) is written. */
  hostCall(fn: string, args: string): string {
    return decoder.decode(this.hostCallBytes(fn, args));
  }

  /** The same, answering the raw UTF-8 bytes (the wasm guest copies them into its memory). */
  hostCallBytes(fn: string, args: string): Uint8Array {
    const { control, data } = this.relay;
    Atomics.store(control, 0, 0);
    parentPort!.postMessage({
      type: 'host-call',
      jobId: this.job.jobId,
      fn: fn as HostCallRequest['fn'],
      args,
    } satisfies HostCallRequest);
    if (!waitForHostAnswer(control, this.job.deadlineAt)) throw new DeadlinePassed();
    return data.slice(0, Atomics.load(control, 1));
  }

  log(level: number, message: string): void {
    const line = message.length > MAX_LOG_LINE_CHARS ? message.slice(0, MAX_LOG_LINE_CHARS) : message;
    if (
      this.logsTruncated ||
      this.logBytes + line.length > this.job.limits.maxLogBytes ||
      this.logs.length >= MAX_LOG_LINES
    ) {
      this.logsTruncated = true;
      return;
    }
    this.logBytes += line.length;
    this.logs.push({
      level: this.logLevels[level] ?? 'info',
      message: line,
      atMs: performance.now() - this.started,
    });
  }

  done(outcome: WorkerOutcome): JobDone {
    return {
      type: 'done',
      jobId: this.job.jobId,
      outcome,
      logs: this.logs,
      logsTruncated: this.logsTruncated,
      durationMs: performance.now() - this.started,
    };
  }
}
