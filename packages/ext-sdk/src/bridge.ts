import type { ErrorEnvelope } from '@extsys/protocol/bridge';
import type { HostMethodName, HostParams as Params, HostResult, PortCall, PortReply } from './bridge-types.js';
import { ExtError, fromEnvelope } from './errors.js';
import { RESULTS } from './generated/validators.js';
import { problemOf } from './validate.js';

export type { HostParams, HostResult } from './bridge-types.js';

/** Where calls go: the private port to the host (one per handshake). */
export interface HostPort {
  send(message: PortCall, transfer?: Transferable[]): void;
}

export interface CallOptions {
  /** Deadline of this call; default: the context's `limits.callTimeoutMs`. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  transferables?: Transferable[];
  /** Internal: call through this port even while the connection is not yet (or no longer) adopted. */
  via?: HostPort;
}

export interface Caller {
  call<M extends HostMethodName>(method: M, params: Params<M>, options?: CallOptions): Promise<HostResult<M>>;
  /** An answer from the host's port (`{xr, r}`): validated, then settles its call. */
  receive(reply: PortReply): void;
  /** The port to call, or undefined while the connection is down (calls then fail fast). */
  setRemote(remote: HostPort | undefined, downError?: () => ExtError): void;
  setDefaultTimeout(ms: number): void;
  /** Rejects every call in flight (connection lost or destroyed): nothing ever hangs. */
  rejectAll(error: ExtError): void;
  readonly pending: number;
}

export function abortError(what: string): ExtError {
  return new ExtError('aborted', `${what} was aborted by the caller`);
}

export function timeoutError(what: string, ms: number): ExtError {
  return new ExtError('timeout', `${what} did not answer within ${ms} ms`);
}

interface Pending {
  method: HostMethodName;
  deadline: number;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (error: ExtError) => void;
  cleanup?: () => void;
}

/**
 * Host calls on the private port: `{xc: id, m: method, a: argument}` out, `{xr: id, r: result}` back
 * (see PORT_CALL_KEY in @extsys/protocol). One timer serves every deadline (re-armed only when a
 * call is due earlier than the armed one), so a call costs no timer of its own.
 */
export function createCaller(onMalformed: (error: ExtError) => void): Caller {
  let remote: HostPort | undefined;
  let down: () => ExtError = () => new ExtError('connection_lost', 'not connected to the host');
  let defaultTimeout = 15_000;
  let nextId = 1;
  const inFlight = new Map<number, Pending>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor = Infinity;

  const settle = (id: number, error: ExtError | undefined, value?: unknown) => {
    const entry = inFlight.get(id);
    if (!entry) return;
    inFlight.delete(id);
    entry.cleanup?.();
    if (error) entry.reject(error);
    else entry.resolve(value);
  };
  const arm = (deadline: number) => {
    if (deadline >= armedFor) return;
    clearTimeout(timer);
    armedFor = deadline;
    timer = setTimeout(sweep, Math.max(0, deadline - performance.now()));
  };
  function sweep() {
    timer = undefined;
    armedFor = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const [id, entry] of inFlight) {
      if (entry.deadline <= now) settle(id, timeoutError(`${entry.method}()`, entry.timeoutMs));
      else next = Math.min(next, entry.deadline);
    }
    if (next < Infinity) arm(next);
  }

  return {
    get pending() {
      return inFlight.size;
    },
    setRemote(next, downError) {
      remote = next;
      if (downError) down = downError;
    },
    setDefaultTimeout(ms) {
      defaultTimeout = ms;
    },
    rejectAll(error) {
      for (const id of [...inFlight.keys()]) settle(id, error);
    },
    receive(reply) {
      const entry = inFlight.get(reply.xr);
      if (!entry) return; // already settled (deadline, abort): a late answer
      const problem = problemOf(RESULTS[entry.method], reply.r, 'answer');
      if (problem) {
        const error = new ExtError('message_rejected', `${entry.method}(): the host's answer is malformed; dropped`, {
          details: { issues: [problem] },
        });
        onMalformed(error);
        return settle(reply.xr, error);
      }
      const result = reply.r as { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };
      if (result.ok) settle(reply.xr, undefined, result.value);
      else settle(reply.xr, fromEnvelope(result.error));
    },
    call(method, params, options = {}) {
      const { signal } = options;
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(`${method}()`));
        const target = options.via ?? remote;
        if (!target) return reject(down());
        const id = nextId++;
        const timeoutMs = options.timeoutMs ?? defaultTimeout;
        const entry: Pending = {
          method,
          timeoutMs,
          deadline: performance.now() + timeoutMs,
          resolve: resolve as (value: unknown) => void,
          reject,
        };
        if (signal) {
          const onAbort = () => settle(id, abortError(`${method}()`));
          signal.addEventListener('abort', onAbort, { once: true });
          entry.cleanup = () => signal.removeEventListener('abort', onAbort);
        }
        inFlight.set(id, entry);
        arm(entry.deadline);
        try {
          target.send({ xc: id, m: method, a: params }, options.transferables);
        } catch (error) {
          settle(
            id,
            new ExtError('connection_lost', `${method}(): the call could not be sent: ${String(error)}`, {
              cause: error,
            }),
          );
        }
      });
    },
  };
}
