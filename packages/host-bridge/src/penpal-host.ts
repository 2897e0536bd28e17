import { CallOptions, PenpalError, Reply, WindowMessenger, connect, type Message, type RemoteProxy } from 'penpal';
import { BRIDGE_CHANNEL, type ExtensionMethodName, type PortCall } from '@extsys/protocol/bridge';
import { HOST_METHODS, type HostMethodName } from '@extsys/protocol/host-methods';
import { HostBridgeError } from './errors.js';
import type { Logger } from './logger.js';
import { GuardedMessenger, estimateSize, watchWindow, type RejectReason } from './message-guard.js';
import type { HostSession } from './session/host-session.js';
import { fail } from './session/method-dispatch.js';

type ExtensionRemote = RemoteProxy<Record<ExtensionMethodName, (params: unknown) => unknown>>;

export interface PenpalHost {
  /** Delivers a host → extension call with the call deadline (the session's `invoke`). */
  invoke(method: ExtensionMethodName, params: unknown): Promise<unknown>;
  /** Tells a connected extension that the bridge is going away (no answer awaited). */
  goodbye(): void;
  destroy(): void;
}

export function penpalToBridgeError(error: unknown, method: string): HostBridgeError {
  if (error instanceof HostBridgeError) return error;
  if (error instanceof PenpalError) {
    if (error.code === 'METHOD_CALL_TIMEOUT')
      return new HostBridgeError('timeout', `${method}: the extension did not answer in time`);
    if (error.code === 'CONNECTION_DESTROYED')
      return new HostBridgeError('connection_destroyed', `${method}: the bridge was destroyed`);
  }
  return new HostBridgeError(
    'connection_lost',
    `${method}: the call could not be delivered (${String((error as Error)?.message ?? error)})`,
  );
}

/**
 * Drives a host session over penpal and the iframe's window: the guard in front of penpal (shape,
 * method, argument count and size, before any handler), the window watch (source and origin
 * checks, reloads), port calls, and the host → extension calls.
 */
export function connectPenpalHost(options: {
  iframe: HTMLIFrameElement;
  frameWindow: Window;
  /** The origin the frame's messages carry: its runner origin with `allow-same-origin`, else "null". */
  expectedOrigin: string;
  session: HostSession;
  reject: (reason: RejectReason, message: string, method?: string) => void;
  reportError: (error: HostBridgeError) => void;
  maxMessageBytes: number;
  callTimeoutMs: number;
  logger: Logger;
  tag: string;
}): PenpalHost {
  const { session, reject, maxMessageBytes } = options;
  let remote: ExtensionRemote | undefined;

  const methods = {} as Record<HostMethodName, (argument: unknown) => Promise<unknown>>;
  for (const name of Object.keys(HOST_METHODS) as HostMethodName[]) {
    methods[name] = async (argument) => {
      const answer = await session.call(name, argument);
      return answer.transfer ? new Reply(answer.result, { transferables: answer.transfer }) : answer.result;
    };
  }

  // A refused penpal CALL is answered here, before penpal sees it.
  function answer(callId: string, error: HostBridgeError) {
    queueMicrotask(() => {
      try {
        messenger.sendMessage({
          namespace: 'penpal',
          channel: BRIDGE_CHANNEL,
          type: 'REPLY',
          callId,
          value: fail(error),
        });
      } catch {
        // no port (yet): nothing to answer on
      }
    });
  }
  // Port calls ({xc, m, a}): the same methods, guards and validation as a penpal CALL, answered on
  // the port with {xr, r}.
  function replyPort(id: number, result: unknown, transferables?: Transferable[]) {
    try {
      messenger.sendMessage({ xr: id, r: result } as unknown as Message, transferables);
    } catch {
      // the port is gone (reload, destroy): nothing to answer on
    }
  }
  function portCall(call: PortCall) {
    if (session.destroyed) return;
    const name = call.m;
    if (Object.hasOwn(HOST_METHODS, name) && estimateSize(call.a, maxMessageBytes) === Infinity) {
      reject('oversize', `${name}: the message is above ${maxMessageBytes} bytes`, name);
      return replyPort(call.xc, fail(new HostBridgeError('message_rejected', `${name}: the message is too large`)));
    }
    void session.call(name, call.a).then((answer) => replyPort(call.xc, answer.result, answer.transfer));
  }

  const messenger = new GuardedMessenger(
    new WindowMessenger({ remoteWindow: options.frameWindow, allowedOrigins: ['*'] }),
    {
      malformed: (problem) => reject('malformed', problem),
      portCall,
      inspect: (message) => {
        if (session.destroyed) return false;
        if (message.type === 'DESTROY') {
          // The page closed its side (unload). Keep listening: a reloaded page says hello again.
          session.lose('the extension page closed the connection');
          return false;
        }
        if (message.type === 'REPLY') {
          if (estimateSize(message.value, maxMessageBytes) === Infinity) {
            reject('oversize', 'a reply from the extension is too large');
            return false;
          }
          return true;
        }
        if (message.type !== 'CALL') return true;
        const [name, ...rest] = message.methodPath;
        if (name === undefined || rest.length > 0 || !Object.hasOwn(HOST_METHODS, name)) {
          reject('unknown-method', `the host exposes no method "${message.methodPath.join('.').slice(0, 64)}"`);
          answer(message.id, new HostBridgeError('message_rejected', 'unknown bridge method'));
          return false;
        }
        if (message.args.length !== 1) {
          reject('malformed', `${name} takes exactly one argument`, name);
          answer(message.id, new HostBridgeError('message_rejected', `${name} takes exactly one argument`));
          return false;
        }
        if (estimateSize(message.args[0], maxMessageBytes) === Infinity) {
          reject('oversize', `${name}: the message is above ${maxMessageBytes} bytes`, name);
          answer(message.id, new HostBridgeError('message_rejected', `${name}: the message is too large`));
          return false;
        }
        return true;
      },
    },
  );

  const unwatch = watchWindow({
    target: globalThis.window,
    frame: () => options.iframe.contentWindow,
    expectedOrigin: options.expectedOrigin,
    reject: (reason, message) => reject(reason, message),
    onSyn: () => session.restart('the extension page reloaded'),
  });

  const { logger, tag } = options;
  const connection = connect<Record<ExtensionMethodName, (p: never) => unknown>>({
    messenger,
    methods,
    channel: BRIDGE_CHANNEL,
    ...(logger.debug ? { log: (...args: unknown[]) => logger.debug?.(`${tag} penpal`, ...args) } : {}),
  });
  connection.promise.then(
    (proxy) => {
      remote = proxy as unknown as ExtensionRemote;
    },
    (error: unknown) => {
      if (!session.destroyed) options.reportError(penpalToBridgeError(error, 'connect'));
    },
  );

  return {
    async invoke(method, params) {
      if (!remote) throw new HostBridgeError('connection_lost', `${method}: the extension is not connected`);
      const call = remote[method] as (p: unknown, o: CallOptions) => Promise<unknown>;
      try {
        return await call(params, new CallOptions({ timeout: options.callTimeoutMs }));
      } catch (error) {
        throw penpalToBridgeError(error, method);
      }
    },
    goodbye() {
      if (!session.accepted || !remote) return;
      void remote.connectionState({ state: 'destroyed' }).catch(() => undefined);
    },
    destroy() {
      unwatch();
      connection.destroy();
    },
  };
}
