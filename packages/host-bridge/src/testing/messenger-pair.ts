import type { Message, MessageHandler, Messenger } from 'penpal';

/**
 * Two in-process penpal messengers wired to each other, standing in for the window + MessagePort
 * pair of a real iframe. Messages are structured-cloned (transferables moved) and delivered
 * asynchronously, like postMessage. It does NOT model origins, `event.source` or separate
 * processes: those are covered by the Chromium e2e suite.
 */
export function createMessengerPair(): { extension: Messenger; host: Messenger; close(): void } {
  type End = Messenger & {
    handlers: Set<MessageHandler>;
    closed: boolean;
    peer?: End;
    validate?: (data: unknown) => boolean;
  };
  const make = (): End => {
    const end: End = {
      handlers: new Set(),
      closed: false,
      // Like the real messengers: a message reaches the handlers only if the validator lets it.
      initialize: ({ validateReceivedMessage }) => {
        end.validate = validateReceivedMessage;
      },
      sendMessage: (message: Message, transferables?: Transferable[]) => {
        if (end.closed || !end.peer) throw new Error('this side of the mock bridge is closed');
        if (end.peer.closed) return; // like posting to a port whose other end is gone
        const copy = cloneHere(message) as Message;
        // Transferred buffers are detached on the sending side, as with postMessage.
        if (transferables?.length) structuredClone(null, { transfer: transferables });
        const peer = end.peer;
        setTimeout(() => {
          if (peer.closed || (peer.validate && !peer.validate(copy))) return;
          for (const handler of [...peer.handlers]) handler(copy);
        }, 0);
      },
      addMessageHandler: (handler) => void end.handlers.add(handler),
      removeMessageHandler: (handler) => void end.handlers.delete(handler),
      destroy: () => {
        end.closed = true;
        end.handlers.clear();
      },
    };
    return end;
  };
  const extension = make();
  const host = make();
  extension.peer = host;
  host.peer = extension;
  return {
    extension,
    host,
    close() {
      extension.closed = true;
      host.closed = true;
    },
  };
}

/**
 * A structured clone whose typed arrays and objects belong to THIS realm (jsdom test environments
 * run `structuredClone` in another realm, where `instanceof Uint8Array` would fail). Functions
 * throw, as postMessage does.
 */
function cloneHere(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new DOMException(`${String(value)} could not be cloned`, 'DataCloneError');
    }
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  }
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return (value as ArrayBuffer).slice(0);
  if (Array.isArray(value)) return value.map(cloneHere);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto !== Object.prototype && Object.prototype.toString.call(value) !== '[object Object]') {
    return structuredClone(value);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty keeps an own "__proto__" key an own key (as structured clone does).
    Object.defineProperty(out, key, { value: cloneHere(item), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
