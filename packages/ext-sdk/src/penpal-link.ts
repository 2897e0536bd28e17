import { connect as penpalConnect, type Message, type Messenger } from 'penpal';
import { BRIDGE_CHANNEL, type MountFragment, type PortReply } from '@extsys/protocol/bridge';
import type { Transport } from './transport.js';

/** What the owner of a link (connect()) handles. */
export interface LinkHooks {
  /** Host → extension calls (penpal CALLs on the port), by method name. */
  methods: Record<string, (arg: unknown) => unknown>;
  /** Answers to the SDK's own port calls (`{xr, r}`). */
  onPortReply(reply: PortReply): void;
  /** The host closed the link (penpal DESTROY), or the link was destroyed. */
  onClosed(): void;
}

/** One penpal handshake with the host and, once done, its private port. */
export interface PenpalLink {
  /** Settles when penpal's SYN/ACK is done (the frame's ACK2 carried the port), or failed. */
  readonly ready: Promise<unknown>;
  /** Posts on the private port (after `ready`). */
  send(message: unknown, transfer?: Transferable[]): void;
  destroy(): void;
}

/** A port answer (`{xr, r}`, see PORT_REPLY_KEY in @extsys/protocol). */
const isPortReply = (data: unknown): data is PortReply =>
  typeof data === 'object' && data !== null && typeof (data as { xr?: unknown }).xr === 'number';

/**
 * Starts penpal's handshake over a fresh messenger of `transport` (penpal posts the SYN now; it
 * reaches the host once the page's current task ends).
 */
export function openLink(transport: Transport, fragment: MountFragment, hooks: LinkHooks): PenpalLink {
  const raw = transport.createMessenger(fragment);
  const messenger: Messenger = {
    // Port answers go to the owner; penpal sees only its own messages.
    initialize: ({ log, validateReceivedMessage }) =>
      raw.initialize({
        ...(log ? { log } : {}),
        validateReceivedMessage: (data: unknown): data is Message => {
          if (!isPortReply(data)) return validateReceivedMessage(data);
          hooks.onPortReply(data);
          return false;
        },
      }),
    sendMessage: (m, t) => raw.sendMessage(m, t),
    addMessageHandler: (h) => raw.addMessageHandler(h),
    removeMessageHandler: (h) => raw.removeMessageHandler(h),
    // penpal destroys the messenger when the host sends DESTROY, and on destroy().
    destroy: () => {
      raw.destroy();
      hooks.onClosed();
    },
  };
  const conn = penpalConnect<Record<string, never>>({ messenger, methods: hooks.methods, channel: BRIDGE_CHANNEL });
  return {
    ready: conn.promise,
    send: (message, transfer) => raw.sendMessage(message as never, transfer),
    destroy: () => conn.destroy(),
  };
}
