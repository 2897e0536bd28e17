// The host page's view-state store: extensions' view state kept by the gateway, per logged-in user
// (server-side, so it survives a host page reload and another browser), never in localStorage.
import type { ViewStateKey, ViewStateStore } from '@extsys/host-bridge';
import { api } from './api.js';

// The user is the session's: the install names the extension, so the gateway keys by install,
// entry point and route only.
const gatewayKey = ({ installId, entryPoint, route }: ViewStateKey) => ({
  installId,
  entryPoint,
  ...(route === undefined ? {} : { route }),
});

/**
 * One store for the whole page (every frame's mounts share it). A refusal (401 after the session
 * ended, 413 over the cap) rejects: the bridge answers the extension with an error and logs it.
 */
export const viewStateStore: ViewStateStore = {
  get: async (key) => (await api.viewState.get(gatewayKey(key))) ?? undefined,
  set: (key, state) => api.viewState.set({ ...gatewayKey(key), state }),
};
