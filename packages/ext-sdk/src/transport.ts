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

/** The real transport: penpal over `window.parent`, the fragment as the page was loaded with. */
export function defaultTransport(): Transport {
  return {
    fragment: LOAD_HASH || location.hash,
    createMessenger: (fragment) => new ParentMessenger(window.parent, fragment.parentOrigin),
  };
}
