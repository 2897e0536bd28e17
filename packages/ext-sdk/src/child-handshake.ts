import { BRIDGE_CHANNEL, type MountFragment, type PortReply } from '@extsys/protocol/bridge';
import { answerCall, type Methods } from './port-calls-in.js';
import type { Transport, WireMessage } from './transport.js';

/** What the owner of a link (handshake.ts) handles. */
export interface LinkHooks {
  /** Host → extension calls (penpal CALLs on the port), by method name. */
  methods: Methods;
  /** Answers to the SDK's own port calls (`{xr, r}`). */
  onPortReply(reply: PortReply): void;
  /** The host closed the link (penpal DESTROY), or the link was destroyed. */
  onClosed(): void;
}

/** One handshake with the host's penpal and, once done, its private port. */
export interface Link {
  /** Resolves when the SYN/ACK is done (the frame's ACK2 carried the port); rejects if the SYN could not be sent. */
  readonly ready: Promise<unknown>;
  /** Posts on the private port (after `ready`). */
  send(message: unknown, transfer?: Transferable[]): void;
  /** Sends DESTROY and closes the link (`onClosed` follows). */
  destroy(): void;
}

/** A port answer (`{xr, r}`, see PORT_REPLY_KEY in @extsys/protocol). */
const isPortReply = (data: unknown): data is PortReply =>
  typeof data === 'object' && data !== null && typeof (data as { xr?: unknown }).xr === 'number';

/**
 * The child side of penpal v7's connection, written for extsys instead of shipping penpal's
 * `connect()` (~1.9 KB min+gzip of the SDK's 14 KB): the host keeps the real penpal, and this
 * speaks its wire protocol. Every message is `{namespace: "penpal", channel: BRIDGE_CHANNEL, type}`
 * plus:
 *
 * - SYN `{participantId}`: both sides send one when they start, and again when they receive a SYN
 *   from a participant id they had not seen (so a side that started late still gets one). The side
 *   with the higher id (string comparison) leads: it answers the other's SYN with ACK1.
 * - ACK1 `{methodPaths}`, from the leader; the other side answers ACK2 and is connected. Through a
 *   window messenger the ACK2 carries the private MessagePort (created by its sender).
 * - ACK2: the leader is connected.
 * - CALL `{id, methodPath, args}` / REPLY `{callId, value[, isError, isSerializedErrorInstance]}`
 *   (port-calls-in.ts), on the port; DESTROY: the sender closed the connection.
 *
 * The host always leads, so this side never sends ACK1 nor receives an ACK2: its participant id
 * starts with "!", below any id penpal generates (UUID or hex digits with "-"), and the host
 * bridge's guard (message-guard.ts) also presents its own id with a "~" and reads the frame's with
 * a "!" in front. The handshake is thus SYN → SYN + ACK1 → ACK2 (+ the port), whichever side
 * started first. A new SYN from the host (its bridge restarted, a new participant id) is a new
 * handshake on the same link: SYN again, then ACK1 → ACK2 with a new port (ParentMessenger closes
 * the old one on the SYN), as penpal's child does.
 *
 * The SYN is posted now (it reaches the host once the page's current task ends).
 */
export function openLink(transport: Transport, fragment: MountFragment, hooks: LinkHooks): Link {
  const messenger = transport.createMessenger(fragment);
  const participantId = `!${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  let remoteId: unknown;
  let closed = false;
  let connected!: (value?: unknown) => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise((resolve, reject) => ((connected = resolve), (failed = reject)));
  const post = (type: string, fields?: object, transfer?: Transferable[]) =>
    messenger.sendMessage({ namespace: 'penpal', channel: BRIDGE_CHANNEL, type, ...fields }, transfer);
  const close = (notify: boolean) => {
    if (closed) return;
    closed = true;
    try {
      if (notify) post('DESTROY');
    } catch {
      // no way to the host any more: it learns from the port closing
    }
    messenger.destroy();
    hooks.onClosed();
  };
  const syn = () => post('SYN', { participantId });

  messenger.initialize({
    // Port answers go to the owner; the handlers see only penpal messages on the bridge channel.
    validateReceivedMessage: (data): data is WireMessage => {
      if (!isPortReply(data)) {
        const message = data as { namespace?: unknown; channel?: unknown } | null;
        return message?.namespace === 'penpal' && message.channel === BRIDGE_CHANNEL;
      }
      hooks.onPortReply(data);
      return false;
    },
  });
  messenger.addMessageHandler((message) => {
    if (closed) return;
    try {
      if (message.type === 'SYN' && message['participantId'] !== remoteId) {
        remoteId = message['participantId'];
        syn();
      } else if (message.type === 'ACK1') {
        post('ACK2');
        connected();
      } else if (message.type === 'CALL') {
        answerCall(
          hooks.methods,
          message,
          (fields) => post('REPLY', fields),
          () => closed,
        );
      } else if (message.type === 'DESTROY') {
        close(false);
      }
    } catch (error) {
      failed(error);
    }
  });
  try {
    syn();
  } catch (error) {
    failed(error);
  }
  return {
    ready,
    send: (message, transfer) => messenger.sendMessage(message as WireMessage, transfer),
    destroy: () => close(true),
  };
}
