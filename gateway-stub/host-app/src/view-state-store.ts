// The host page's view-state store: extensions' view state kept by the gateway, per logged-in user
// (server-side, so it survives a host page reload and another browser), never in localStorage.
import type { ViewState } from '@extsys/protocol/bridge';
import { api } from './api.js';

/**
 * Which view state (the host bridge's `ViewStateKey`): the user is the session's. The install
 * names the extension, so the gateway keys by install, entry point and route only.
 */
export interface ViewStateKey {
  extensionId: string;
  installId: string;
  entryPoint: string;
  route?: string;
}

/** The host bridge's `ViewStateStore` (`bootstrapIframe({viewState})`), structurally. */
export interface GatewayViewStateStore {
  get(key: ViewStateKey): Promise<ViewState | undefined>;
  set(key: ViewStateKey, state: ViewState | null): Promise<void>;
}

const gatewayKey = ({ installId, entryPoint, route }: ViewStateKey) => ({
  installId,
  entryPoint,
  ...(route === undefined ? {} : { route }),
});

/**
 * One store for the whole page (every frame's mounts share it). A refusal (401 after the session
 * ended, 413 over the cap) rejects: the bridge answers the extension with an error and logs it.
 */
export const viewStateStore: GatewayViewStateStore = {
  get: async (key) => (await api.viewState.get(gatewayKey(key))) ?? undefined,
  set: (key, state) => api.viewState.set({ ...gatewayKey(key), state }),
};
