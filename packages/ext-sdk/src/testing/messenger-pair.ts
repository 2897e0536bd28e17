import type { Message, MessageHandler, Messenger } from 'penpal';

/**
 * Two in-process penpal messengers wired to each other, standing in for the window + MessagePort
 * pair of a real iframe. Messages are structured-cloned (transferables moved) and delivered
 * asynchronously, like postMessage. It does NOT model origins, `event.source` or separate
 * processes: those are covered by the Chromium e2e suite.
 */
export function createMessengerPair(): { extension: Messenger; host: Messenger; close(): void } {
  type End = Messenger & { handlers: Set<MessageHandler>; closed: boolean; peer?: End };
  const make = (): End => {
    const end: End = {
      handlers: new Set(),
      closed: false,
      initialize: () => undefined,
      sendMessage: (message: Message, transferables?: Transferable[]) => {
        if (end.closed || !end.peer) throw new Error('this side of the mock bridge is closed');
        if (end.peer.closed) return; // like posting to a port whose other end is gone
        const copy = structuredClone(message, transferables?.length ? { transfer: transferables } : undefined);
        const peer = end.peer;
        setTimeout(() => {
          if (peer.closed) return;
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
