import type { Messenger } from 'penpal';
import type { MountFragment } from '@extsys/protocol/bridge';
import { LOAD_HASH } from './fragment.js';
import { ParentMessenger } from './messenger.js';

/** How the SDK reaches its host. The default is the real one: penpal over `window.parent`. */
export interface Transport {
  /** The mount fragment (`location.hash` in a real iframe). */
  readonly fragment: string;
  /** A fresh penpal `Messenger` to the host; one per handshake attempt (a reconnect makes another). */
  createMessenger(fragment: MountFragment): Messenger;
}

let parentTransport: Transport | undefined;

/** The page's one real transport (one object, so an early handshake can be matched to it). */
export function defaultTransport(): Transport {
  parentTransport ??= {
    fragment: LOAD_HASH || location.hash,
    createMessenger: (fragment) => new ParentMessenger(window.parent, fragment.parentOrigin),
  };
  return parentTransport;
}
