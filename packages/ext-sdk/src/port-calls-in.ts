import type { WireMessage } from './transport.js';

/** Host → extension methods, by name (each takes the call's one argument). */
export type Methods = Record<string, (arg: unknown) => unknown>;

/**
 * A thrown value as penpal v7 puts it on the wire: an `Error` as `{name, message, stack,
 * penpalCode}` flagged `isSerializedErrorInstance` (penpal's host rebuilds an Error, a
 * `PenpalError` when `penpalCode` is set), anything else as is.
 */
const errorFields = (error: unknown, penpalCode?: string) =>
  error instanceof Error
    ? {
        isError: true,
        value: { name: error.name, message: error.message, stack: error.stack, penpalCode },
        isSerializedErrorInstance: true,
      }
    : { isError: true, value: error };

/**
 * Answers the host's penpal CALLs (`{id, methodPath, args}`, on the private port) with penpal
 * REPLYs (`{callId, value}`, or `{callId, isError, value[, isSerializedErrorInstance]}`), once the
 * method's promise settled. The SDK's methods answer `{ok, ...}` as data and do not throw; a throw
 * (or an unknown method: penpal's METHOD_NOT_FOUND) still gets a REPLY penpal's host accepts.
 * `send` posts the reply's fields as a penpal message; it is not called once `closed()`.
 */
export function answerCall(
  methods: Methods,
  call: WireMessage,
  send: (fields: object) => void,
  closed: () => boolean,
): void {
  const path = call['methodPath'] as string[];
  const name = path[0]!;
  const method = path.length === 1 && Object.hasOwn(methods, name) ? methods[name] : undefined;
  const callId = call['id'];
  void (async () => method!(...(call['args'] as [unknown])))()
    .then(
      (value) => ({ callId, value }),
      (error: unknown) =>
        method
          ? { callId, ...errorFields(error) }
          : { callId, ...errorFields(new Error(`Method \`${path.join('.')}\` is not found.`), 'METHOD_NOT_FOUND') },
    )
    .then((reply) => {
      if (closed()) return;
      try {
        send(reply);
      } catch (error) {
        // An answer that cannot be cloned (DataCloneError) is answered with that error, as penpal does.
        try {
          send({ callId, ...errorFields(error) });
        } catch {
          // the port is gone: nothing to answer on
        }
      }
    });
}
