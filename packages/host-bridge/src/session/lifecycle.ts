import { BeforeUnmount, type UnmountReason } from '@extsys/protocol/bridge';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import type { ExtensionCalls } from './extension-calls.js';

export type { UnmountReason };

/** The dirty flag the page sets (`setDirty`) and the bounded wait before the host takes the page away. */
export interface Lifecycle {
  readonly dirty: boolean;
  /** Keeps the page's flag; reports a change. */
  setDirty(dirty: boolean): void;
  /** A new hello: the reloaded page lost its unsaved edits, so nothing is dirty any more. */
  reset(): void;
  /**
   * Sends `beforeUnmount` when `pushable()`, and resolves when the page answered or after
   * `timeoutMs`, whichever comes first; at once otherwise. Never rejects: the host unmounts anyway.
   */
  beforeUnmount(reason: UnmountReason, timeoutMs: number): Promise<void>;
}

export function createLifecycle(options: {
  calls: ExtensionCalls;
  /** The page announced `lifecycle` and is connected. */
  pushable: () => boolean;
  onDirty: (dirty: boolean) => void;
  /** A failed or refused `beforeUnmount` (the host goes on: it is only a courtesy to the page). */
  reportError: (error: HostBridgeError) => void;
}): Lifecycle {
  let dirty = false;
  const change = (next: boolean) => {
    if (next === dirty) return;
    dirty = next;
    options.onDirty(next);
  };
  return {
    get dirty() {
      return dirty;
    },
    setDirty: change,
    reset: () => change(false),
    beforeUnmount(reason, timeoutMs) {
      const parsed = parseOrError(
        BeforeUnmount,
        // The protocol caps the wait (10 s): a longer host option still sends a valid message.
        { reason, timeoutMs: Math.min(10_000, Math.max(0, Math.round(timeoutMs))) },
        { code: 'validation_failed', label: 'beforeUnmount' },
      );
      // A bad reason is the host's bug: reported, and the host is not kept waiting for it.
      if (!parsed.ok) options.reportError(HostBridgeError.fromEnvelope(parsed.error));
      if (!parsed.ok || !options.pushable()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, parsed.value.timeoutMs);
        options.calls.call('beforeUnmount', parsed.value).then(
          () => (clearTimeout(timer), resolve()),
          (error: unknown) => {
            clearTimeout(timer);
            if (error instanceof HostBridgeError && error.code !== 'connection_destroyed') options.reportError(error);
            resolve();
          },
        );
      });
    },
  };
}
