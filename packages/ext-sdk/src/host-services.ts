import { ENTRY_DATA_LIMITS, type HostFeature, type JsonValue } from '@extsys/protocol/bridge';
import type { HostParams } from './bridge.js';
import type { Caller } from './bridge.js';
import { ExtError } from './errors.js';
import { checkJson } from './view.js';

export type ToastOptions = HostParams<'toast'>;
export type ConfirmOptions = HostParams<'confirm'>;
export type OpenModalOptions = HostParams<'openModal'>;

export interface HostServices {
  /** Whether the host granted this UI service to this mount (manifest request ∩ host policy). */
  supports(feature: HostFeature): boolean;
  toast(message: string | ToastOptions): Promise<void>;
  /**
   * The host's own modal; resolves true when the user confirms. A person is answering, so the
   * deadline is `CONFIRM_TIMEOUT_MS` (10 min) rather than the call default; `signal` closes it early.
   */
  confirm(options: ConfirmOptions, call?: { timeoutMs?: number; signal?: AbortSignal }): Promise<boolean>;
  /** Opened by the host in a new tab with `noopener`, if its link allowlist permits the URL. */
  openLink(url: string): Promise<void>;
  setTitle(title: string): Promise<void>;
  /**
   * Opens entry point `entryPoint` (target `modal`) of this extension in a host dialog; resolves
   * with the value its page closed with (`ext.view.close(value)`), or undefined when the user
   * dismissed it. Needs host feature `modal`. A person is answering: there is no deadline.
   */
  openModal(options: OpenModalOptions): Promise<JsonValue | undefined>;
}

/** Deadline of `confirm()`: a person reads and decides; 15 s would cut them off. */
export const CONFIRM_TIMEOUT_MS = 10 * 60 * 1000;

export function notGrantedError(feature: string): ExtError {
  return new ExtError(
    'feature_not_granted',
    `The host did not grant "${feature}" to this extension (list it in the manifest's host features; the host's policy must allow it)`,
  );
}

export function createHostServices(caller: Caller, granted: () => readonly HostFeature[]): HostServices {
  const supports = (feature: HostFeature) => granted().includes(feature);
  // Refused locally, without a round trip, when the feature was not granted.
  const guard = <T>(feature: HostFeature, run: () => Promise<T>): Promise<T> =>
    supports(feature) ? run() : Promise.reject(notGrantedError(feature));
  return {
    supports,
    toast: (message) =>
      guard('toast', () =>
        caller.call('toast', typeof message === 'string' ? { message } : message).then(() => undefined),
      ),
    confirm: (options, call = {}) =>
      guard('confirm', () =>
        caller
          .call('confirm', options, { timeoutMs: call.timeoutMs ?? CONFIRM_TIMEOUT_MS, signal: call.signal })
          .then((r) => r.confirmed),
      ),
    openLink: (url) => guard('openLink', () => caller.call('openLink', { url }).then(() => undefined)),
    setTitle: (title) => guard('setTitle', () => caller.call('setTitle', { title }).then(() => undefined)),
    openModal: (options) =>
      guard('modal', async () => {
        if (options.context !== undefined)
          checkJson(options.context, ENTRY_DATA_LIMITS.modalDataBytes, 'the modal context');
        // The longest timer a browser keeps (~24 days): a modal is open as long as the user works in it.
        const outcome = await caller.call('openModal', options, { timeoutMs: 2 ** 31 - 1 });
        return outcome.dismissed ? undefined : outcome.value;
      }),
  };
}
