import type * as z from 'zod/mini';
import { EXTENSION_METHODS, bridgeResult, type ExtensionMethodName, type MethodParams } from '@extsys/protocol/bridge';
import type { ErrorEnvelope } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';

type Result = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };

/**
 * The transport's half of a host → extension call: delivers `params` to the extension's `method`
 * with the call deadline and resolves with its raw answer, or rejects with a HostBridgeError
 * (`timeout`, `connection_lost`, `connection_destroyed`).
 */
export type InvokeExtension = (method: ExtensionMethodName, params: unknown) => Promise<unknown>;

// The answer schema of each extension method, built once (not per push).
const answerSchemas = new Map<ExtensionMethodName, z.ZodMiniType<Result>>();
function extensionResult(method: ExtensionMethodName): z.ZodMiniType<Result> {
  let schema = answerSchemas.get(method);
  if (!schema)
    answerSchemas.set(method, (schema = bridgeResult(EXTENSION_METHODS[method].result) as z.ZodMiniType<Result>));
  return schema;
}

export interface ExtensionCalls {
  /** Host → extension: rejected when not connected, on a malformed or error answer, on reload or destroy. */
  call<K extends ExtensionMethodName>(method: K, params: MethodParams<typeof EXTENSION_METHODS, K>): Promise<void>;
  /** Waits for `pending`, but gives up with the error of the next `rejectAll` (reload, destroy). */
  interruptible<T>(pending: Promise<T>): Promise<T>;
  /** Rejects everything in flight. */
  rejectAll(error: HostBridgeError): void;
}

export function createExtensionCalls(options: {
  invoke: InvokeExtension;
  /** Why a call cannot leave now (destroyed, not connected), or undefined. */
  blocked: (method: ExtensionMethodName) => HostBridgeError | undefined;
}): ExtensionCalls {
  const inFlight = new Set<(error: HostBridgeError) => void>();

  function track(rejectCall: (error: HostBridgeError) => void): (error: HostBridgeError) => void {
    const settle = (error: HostBridgeError) => {
      inFlight.delete(settle);
      rejectCall(error);
    };
    inFlight.add(settle);
    return settle;
  }

  return {
    call(method, params) {
      return new Promise<void>((resolve, rejectCall) => {
        const blocked = options.blocked(method);
        if (blocked) return rejectCall(blocked);
        const settle = track(rejectCall);
        options.invoke(method, params).then(
          (raw) => {
            if (!inFlight.delete(settle)) return;
            const parsed = extensionResult(method).safeParse(raw);
            if (!parsed.success)
              return rejectCall(new HostBridgeError('message_rejected', `${method}: malformed answer`));
            if (!parsed.data.ok) return rejectCall(HostBridgeError.fromEnvelope(parsed.data.error));
            resolve();
          },
          (error: unknown) => {
            if (!inFlight.has(settle)) return;
            settle(
              error instanceof HostBridgeError
                ? error
                : new HostBridgeError('connection_lost', `${method}: the call could not be delivered`),
            );
          },
        );
      });
    },
    async interruptible(pending) {
      let settle!: (error: HostBridgeError) => void;
      const aborted = new Promise<never>((_, rejectWait) => {
        settle = track(rejectWait);
      });
      try {
        return await Promise.race([pending, aborted]);
      } finally {
        inFlight.delete(settle);
      }
    },
    rejectAll(error) {
      for (const settle of [...inFlight]) settle(error);
    },
  };
}
