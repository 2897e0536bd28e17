import { CallOptions as PenpalCallOptions } from 'penpal';
import * as z from 'zod/mini';
import { HostContext, TokenGrant, bridgeResult, type MethodParams, type MethodResult } from '@extsys/protocol/bridge';
import { ApiResponse, ConfirmResult, type HOST_METHODS, type HostMethodName } from '@extsys/protocol/host-methods';
import { ExtError, fromEnvelope } from './errors.js';

type HostMethods = typeof HOST_METHODS;
export type HostParams<M extends HostMethodName> = MethodParams<HostMethods, M>;
export type HostResult<M extends HostMethodName> = MethodResult<HostMethods, M>;
export type HostRemote = { [M in HostMethodName]: (params: unknown, options: PenpalCallOptions) => Promise<unknown> };

// The answers the SDK validates (what a host sends back). Built once.
const nullResult = bridgeResult(z.null());
const RESULTS: { [M in HostMethodName]: z.ZodMiniType } = {
  hello: bridgeResult(HostContext),
  requestToken: bridgeResult(TokenGrant),
  navigate: nullResult,
  resize: nullResult,
  toast: nullResult,
  confirm: bridgeResult(ConfirmResult),
  openLink: nullResult,
  setTitle: nullResult,
  apiRequest: bridgeResult(ApiResponse),
  apiCancel: nullResult,
};

export interface CallOptions {
  /** Deadline of this call; default: the context's `limits.callTimeoutMs`. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  transferables?: Transferable[];
  /** Internal: call this remote even while the connection is not yet (or no longer) adopted. */
  via?: HostRemote;
}

export interface Caller {
  call<M extends HostMethodName>(method: M, params: HostParams<M>, options?: CallOptions): Promise<HostResult<M>>;
  /** The penpal remote to call, or undefined while the connection is down (calls then fail fast). */
  setRemote(remote: HostRemote | undefined, downError?: () => ExtError): void;
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

function transportError(method: string, error: unknown): ExtError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'CONNECTION_DESTROYED') {
    return new ExtError('connection_lost', `${method}(): the connection to the host was lost`, { cause: error });
  }
  const text = error instanceof Error ? error.message : String(error);
  return new ExtError(
    code === 'METHOD_NOT_FOUND' || code === 'TRANSMISSION_FAILED' ? 'bad_request' : 'internal',
    `${method}(): the bridge call failed: ${text}`,
    { cause: error },
  );
}

export function createCaller(onMalformed: (error: ExtError) => void): Caller {
  let remote: HostRemote | undefined;
  let down: () => ExtError = () => new ExtError('connection_lost', 'not connected to the host');
  let defaultTimeout = 15_000;
  const inFlight = new Set<(error: ExtError) => void>();

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
      for (const reject of [...inFlight]) reject(error);
    },
    call(method, params, options = {}) {
      const what = `${method}()`;
      const { signal, transferables } = options;
      const timeoutMs = options.timeoutMs ?? defaultTimeout;
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(what));
        const target = options.via ?? remote;
        if (!target) return reject(down());
        const finish = (error: ExtError | undefined, value?: unknown) => {
          if (!inFlight.delete(fail)) return;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(value as never);
        };
        const fail = (error: ExtError) => finish(error);
        const onAbort = () => fail(abortError(what));
        const timer = setTimeout(() => fail(timeoutError(what, timeoutMs)), timeoutMs);
        inFlight.add(fail);
        signal?.addEventListener('abort', onAbort, { once: true });
        let sent: Promise<unknown>;
        try {
          sent = Promise.resolve(target[method](params, new PenpalCallOptions(transferables ? { transferables } : {})));
        } catch (error) {
          sent = Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
        sent.then(
          (answer) => {
            const parsed = RESULTS[method].safeParse(answer);
            if (!parsed.success) {
              const error = new ExtError('message_rejected', `${what}: the host's answer is malformed; dropped`, {
                details: {
                  issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.code} ${i.message}`),
                },
              });
              onMalformed(error);
              return fail(error);
            }
            const result = parsed.data as { ok: true; value: unknown } | { ok: false; error: never };
            if (result.ok) finish(undefined, result.value);
            else fail(fromEnvelope(result.error));
          },
          (error: unknown) => fail(transportError(method, error)),
        );
      });
    },
  };
}
