import {
  ENTRY_DATA_LIMITS,
  compareVersions,
  isJsonData,
  jsonByteLength,
  type JsonValue,
  type UnmountReason,
  type ViewState,
} from '@extsys/protocol/bridge';
import type { Caller } from './bridge.js';
import { ExtError } from './errors.js';
import type { Unsubscribe } from './events.js';

export type { JsonValue, UnmountReason, ViewState };

export interface ViewStateOptions {
  /** Scope the state to the current route (`ext.navigation.current`) instead of the whole entry point. */
  route?: boolean;
}

/** The page's state the host keeps per install × entry point × user (× route): JSON, at most 64 KiB. */
export interface ViewStateApi {
  /** The stored state (`{version, value}`), or undefined when there is none. */
  get(options?: ViewStateOptions): Promise<ViewState | undefined>;
  /** Stores `value` (plain JSON, ≤ 64 KiB) with your `version` of its shape (default 1). */
  set(value: JsonValue, options?: ViewStateOptions & { version?: number }): Promise<void>;
  clear(options?: ViewStateOptions): Promise<void>;
}

/** This page as the host shows it: its state, its lifecycle, closing a modal. */
export interface ViewApi {
  readonly state: ViewStateApi;
  /** Whether the frame is visible now (the `visibility` event tells changes). */
  readonly visible: boolean;
  /** Closes this page when it was opened as a modal; the opener's `openModal` resolves with `result`. Elsewhere: `bad_request`. */
  close(result?: JsonValue): Promise<void>;
  /** Unsaved changes: the host asks the user before it navigates away, closes or unloads the page. */
  setDirty(dirty: boolean): Promise<void>;
  /**
   * Runs `listener` before the host takes the page away; the host waits (at most its timeout,
   * 1 s by default) until every listener's promise settled: flush your state here.
   */
  onBeforeUnmount(listener: (reason: UnmountReason) => void | Promise<void>): Unsubscribe;
}

/**
 * `value` as it may cross the bridge: plain JSON of at most `max` bytes, else `validation_failed`
 * or `payload_too_large` naming the size (checked here, so nothing is sent or stored).
 */
export function checkJson(value: unknown, max: number, what: string): void {
  if (!isJsonData(value)) {
    throw new ExtError('validation_failed', `${what} must be plain JSON (no Date, Map, function, undefined or class)`);
  }
  const bytes = jsonByteLength(value);
  if (bytes > max) throw new ExtError('payload_too_large', `${what} is ${bytes} bytes as JSON; the cap is ${max}`);
}

export interface ViewStore extends ViewApi {
  /** A `beforeUnmount` from the host: settles when every listener did. */
  unmounting(reason: UnmountReason): Promise<PromiseSettledResult<unknown>[]>;
  /** The page closed the bridge: Esc is no longer passed on. */
  stop(): void;
}

export function createView(
  caller: Caller,
  visible: () => boolean,
  route: () => string,
  modal: () => boolean,
  protocol: () => string,
): ViewStore {
  // A host older than protocol 1.2 has none of these methods: say so here rather than send a call
  // it would refuse as unknown.
  const call: Caller['call'] = (method, params) =>
    compareVersions(protocol(), '1.2') < 0
      ? Promise.reject(
          new ExtError(
            'feature_not_granted',
            `${method}: this host speaks bridge protocol ${protocol()}; view state, close and setDirty need 1.2`,
          ),
        )
      : caller.call(method, params);
  // Esc inside a modal's frame never reaches the host's dialog: pass it on as a dismiss (the host
  // asks first when there are unsaved changes), unless the page handled it (preventDefault).
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented && modal()) {
      call('closeView', { dismiss: true }).catch(() => undefined);
    }
  };
  if (typeof document !== 'undefined') document.addEventListener('keydown', onKey);
  const listeners = new Set<(reason: UnmountReason) => unknown>();
  const at = (o?: ViewStateOptions) => (o?.route ? { route: route() } : {});
  const put = (state: ViewState | null, o?: ViewStateOptions) =>
    call('setViewState', { ...at(o), state }).then(() => undefined);
  return {
    get visible() {
      return visible();
    },
    state: {
      get: (o) => call('getViewState', at(o)).then((s) => s ?? undefined),
      async set(value, o) {
        checkJson(value, ENTRY_DATA_LIMITS.viewStateBytes, 'the view state');
        return put({ version: o?.version ?? 1, value }, o);
      },
      clear: (o) => put(null, o),
    },
    async close(result) {
      if (result === undefined) return void (await call('closeView', {}));
      checkJson(result, ENTRY_DATA_LIMITS.modalDataBytes, 'the modal result');
      await call('closeView', { result });
    },
    setDirty: (dirty) => call('setDirty', { dirty }).then(() => undefined),
    onBeforeUnmount(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop: () => typeof document !== 'undefined' && document.removeEventListener('keydown', onKey),
    unmounting: (reason) => Promise.allSettled([...listeners].map(async (listener) => listener(reason))),
  };
}
