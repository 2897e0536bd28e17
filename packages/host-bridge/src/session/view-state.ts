import { ViewState } from '@extsys/protocol/bridge';
import type { SetViewStateRequest, ViewStateQuery } from '@extsys/protocol/host-methods';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Which view state: one per install × entry point (× route when the page asks); the store adds the user. */
export interface ViewStateKey {
  extensionId: string;
  installId: string;
  entryPoint: string;
  /** Set when the page scoped its state to a route (`state.set(value, {route: true})`). */
  route?: string;
}

/**
 * Where the host keeps pages' view state (the demo host: its gateway, per user). The session
 * validates what `get` returns; a method that throws or rejects is answered `internal` and logged,
 * never thrown into the host.
 */
export interface ViewStateStore {
  get(key: ViewStateKey): Promise<ViewState | undefined>;
  /** `null` clears the state. */
  set(key: ViewStateKey, state: ViewState | null): Promise<void>;
}

/** One string per key; JSON of an array, so no value of one field can pass for another's. */
const keyText = (key: ViewStateKey) =>
  JSON.stringify([key.extensionId, key.installId, key.entryPoint, key.route ?? null]);

/**
 * A store in this page's memory: what survives a frame reload and a remount, not a page reload.
 * One instance per host page (the bridge's default) so every mount of a page shares it.
 */
export function createMemoryViewStateStore(): ViewStateStore {
  const states = new Map<string, string>();
  return {
    get(key) {
      const text = states.get(keyText(key));
      // Kept as JSON text, so a caller mutating what it got cannot change what is stored.
      return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as ViewState));
    },
    set(key, state) {
      if (state === null) states.delete(keyText(key));
      else states.set(keyText(key), JSON.stringify(state));
      return Promise.resolve();
    },
  };
}

export interface ViewStateAccess {
  store: ViewStateStore;
  /** The key without the route: this mount's install and entry point. */
  key: Omit<ViewStateKey, 'route'>;
  logger: Logger;
  tag: string;
}

const withRoute = (access: ViewStateAccess, route: string | undefined): ViewStateKey =>
  route === undefined ? access.key : { ...access.key, route };

const storeFailed = (access: ViewStateAccess, what: string, error: unknown) => {
  access.logger.error(`${access.tag}: the view state store failed (${what})`, error);
  return new HostBridgeError('internal', `${what}: the host could not reach its view state store; try again later`);
};

/** `getViewState`: the stored state or null; a store failure or a malformed stored state is `internal`. */
export async function readViewState(access: ViewStateAccess, query: ViewStateQuery): Promise<ViewState | null> {
  let stored: unknown;
  try {
    stored = await access.store.get(withRoute(access, query.route));
  } catch (error) {
    throw storeFailed(access, 'getViewState', error);
  }
  if (stored === undefined || stored === null) return null;
  const parsed = parseOrError(ViewState, stored, { code: 'internal', label: 'view state' });
  if (!parsed.ok) {
    access.logger.error(`${access.tag}: the view state store returned an invalid state: ${parsed.error.message}`);
    throw new HostBridgeError('internal', 'getViewState: the host holds an invalid view state for this page');
  }
  return parsed.value;
}

/** `setViewState` (already validated by the method table: JSON, 64 KiB); `state: null` clears. */
export async function writeViewState(access: ViewStateAccess, request: SetViewStateRequest): Promise<null> {
  try {
    await access.store.set(withRoute(access, request.route), request.state);
  } catch (error) {
    throw storeFailed(access, 'setViewState', error);
  }
  return null;
}
