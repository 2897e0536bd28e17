import type { HostFeature } from '@extsys/protocol/bridge';
import type { HostParams } from './bridge.js';
import type { Caller } from './bridge.js';
import { ExtError } from './errors.js';

export type ToastOptions = HostParams<'toast'>;
export type ConfirmOptions = HostParams<'confirm'>;

export interface HostServices {
  /** Whether the host granted this UI service to this mount (manifest request ∩ host policy). */
  supports(feature: HostFeature): boolean;
  toast(message: string | ToastOptions): Promise<void>;
  /** The host's own modal; resolves true when the user confirms. */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** Opened by the host in a new tab with `noopener`, if its link allowlist permits the URL. */
  openLink(url: string): Promise<void>;
  setTitle(title: string): Promise<void>;
}

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
    confirm: (options) => guard('confirm', () => caller.call('confirm', options).then((r) => r.confirmed)),
    openLink: (url) => guard('openLink', () => caller.call('openLink', { url }).then(() => undefined)),
    setTitle: (title) => guard('setTitle', () => caller.call('setTitle', { title }).then(() => undefined)),
  };
}
