import type { Message } from 'penpal';
import { connect, type ConnectOptions, type Ext, type Transport } from '../src/index.js';
import type { WireMessage } from '../src/transport.js';
import { createMockHost, type MockHost, type MockHostOptions } from '../src/testing/index.js';

export const silent = { error: () => undefined, warn: () => undefined };

export async function connected(
  hostOptions: MockHostOptions = {},
  options: ConnectOptions = {},
): Promise<{ host: MockHost; ext: Ext }> {
  const host = createMockHost(hostOptions);
  const ext = await connect({ transport: host.transport, logger: silent, ...options });
  return { host, ext };
}

export function waitFor<T>(check: () => T | undefined | false, timeoutMs = 2000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('waitFor: timed out'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

/** Wraps a transport so that every message reaching the SDK passes through `edit` first. */
export function tamper(transport: Transport, edit: (message: Message) => Message): Transport {
  return {
    fragment: transport.fragment,
    createMessenger(fragment) {
      const inner = transport.createMessenger(fragment);
      const edited = (m: unknown) => edit(m as Message) as unknown as WireMessage;
      return {
        // Port answers ({xr, r}) are taken by the SDK in its validator: edit them there.
        initialize: (o) =>
          inner.initialize({
            ...o,
            validateReceivedMessage: (data: unknown): data is WireMessage => o.validateReceivedMessage(edited(data)),
          }),
        sendMessage: (m, t) => inner.sendMessage(m, t),
        addMessageHandler: (h) => inner.addMessageHandler((m) => h(edited(m))),
        destroy: () => inner.destroy(),
      };
    },
  };
}

/** Edits the value of every successful answer (penpal REPLY or port answer) that has `ok: true`. */
export function editReplies(edit: (value: Record<string, unknown>) => unknown) {
  return (message: Message): Message => {
    const port = message as unknown as { xr?: number; r?: { ok?: boolean; value?: unknown } };
    if (typeof port.xr === 'number') {
      const value = port.r?.value;
      if (!port.r?.ok || typeof value !== 'object' || value === null) return message;
      return { xr: port.xr, r: { ok: true, value: edit(value as Record<string, unknown>) } } as unknown as Message;
    }
    if (message.type !== 'REPLY') return message;
    const answer = message.value as { ok?: boolean; value?: unknown } | null;
    if (!answer?.ok || typeof answer.value !== 'object' || answer.value === null) return message;
    return { ...message, value: { ok: true, value: edit(answer.value as Record<string, unknown>) } } as Message;
  };
}
