import type { MountFragment } from '@extsys/protocol/bridge';
import { LOAD_HASH } from './fragment.js';
import { ParentMessenger } from './messenger.js';

/**
 * A message of penpal v7's wire protocol (`namespace: "penpal"`, the bridge channel, a `type` and
 * its fields: see child-handshake.ts), or one of the SDK's own port messages.
 */
export interface WireMessage {
  type: string;
  [field: string]: unknown;
}

/**
 * What carries the wire messages to the host: the subset of penpal v7's `Messenger` the SDK uses
 * (so a penpal messenger, such as the mock host's, is one). One per handshake attempt.
 */
export interface WireMessenger {
  /** Starts listening; only messages `validateReceivedMessage` accepts reach the handlers. */
  initialize(options: { validateReceivedMessage: (data: unknown) => data is WireMessage }): void;
  sendMessage(message: WireMessage, transfer?: Transferable[]): void;
  addMessageHandler(handler: (message: WireMessage) => void): void;
  destroy(): void;
}

/** How the SDK reaches its host. The default is the real one: `window.parent`, then a private port. */
export interface Transport {
  /** The mount fragment (`location.hash` in a real iframe). */
  readonly fragment: string;
  /** A fresh messenger to the host; one per handshake attempt (a reconnect makes another). */
  createMessenger(fragment: MountFragment): WireMessenger;
}

/** The real transport: `window.parent` at the fragment's parent origin, the fragment as the page was loaded with. */
export function defaultTransport(): Transport {
  return {
    fragment: LOAD_HASH || location.hash,
    createMessenger: (fragment) => new ParentMessenger(window.parent, fragment.parentOrigin),
  };
}
