import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { EntryContext, HostSubject, JsonValue, Theme } from '@extsys/protocol/bridge';
// As the core entry does, for pages that import only this one: the colour scheme from the URL
// fragment before first paint (ExtProvider connects in an effect, after React's first render).
import '../color-scheme.js';
import { connect, type ConnectOptions, type Ext, type ExtContext } from '../connect.js';
import type { ApiJsonInit } from '../api.js';
import { ExtError } from '../errors.js';
import {
  subjectOf,
  useEntryOf,
  useViewStateOf,
  useVisibleOf,
  type ViewStateOptions,
  type ViewStateStatus,
} from './surfaces.js';

export type { ViewStateOptions, ViewStateStatus } from './surfaces.js';

const ExtContext = createContext<Ext | undefined>(undefined);

let shared: Promise<Ext> | undefined;
/** One connection per page: `ExtProvider` without `ext` reuses it (StrictMode mounts twice). */
function connectOnce(options?: ConnectOptions): Promise<Ext> {
  shared ??= connect(options);
  return shared;
}

export interface ExtProviderProps {
  /** A connection made outside React (recommended: `connect()` at module level), or its promise. */
  ext?: Ext | Promise<Ext>;
  /** Used when `ext` is not given: `connect(options)` once per page. */
  options?: ConnectOptions;
  /** Rendered until connected. */
  fallback?: ReactNode;
  /** Rendered when connect() fails (default: nothing; the error is in the console). */
  renderError?: (error: ExtError) => ReactNode;
  children?: ReactNode;
}

/** Connects (or takes a connection) and renders its children once the host has answered. */
export function ExtProvider({ ext, options, fallback = null, renderError, children }: ExtProviderProps) {
  const [state, setState] = useState<{ ext?: Ext; error?: ExtError }>(() =>
    ext && !(ext instanceof Promise) ? { ext } : {},
  );
  const source = useRef(ext);
  source.current = ext;
  useEffect(() => {
    let alive = true;
    Promise.resolve(source.current ?? connectOnce(options)).then(
      (value) => alive && setState({ ext: value }),
      (error: unknown) =>
        alive &&
        setState({
          error: error instanceof ExtError ? error : new ExtError('internal', String(error), { cause: error }),
        }),
    );
    return () => {
      alive = false;
    };
    // Connect once per mounted provider (a different `ext` means a different provider: use a key).
  }, []);
  if (state.error) return <>{renderError ? renderError(state.error) : null}</>;
  if (!state.ext) return <>{fallback}</>;
  return <ExtContext.Provider value={state.ext}>{children}</ExtContext.Provider>;
}

/** The connected SDK. Only inside `ExtProvider` (which renders children once connected). */
export function useExt(): Ext {
  const ext = useContext(ExtContext);
  if (!ext) throw new Error('useExt() must be used inside <ExtProvider> (from @extsys/ext-sdk/react)');
  return ext;
}

/** The current theme; re-renders on every change. */
export function useTheme(): Theme {
  const ext = useExt();
  return useSyncExternalStore(
    (onChange) => ext.theme.on('change', onChange),
    () => ext.theme.get(),
  );
}

/** The context (locale, direction, time zone...); re-renders when the host changes them. */
export function useExtContext(): ExtContext {
  const ext = useExt();
  return useSyncExternalStore(
    (onChange) => ext.on('context', onChange),
    () => ext.context,
  );
}

/** The current token (memory only); re-renders when the host pushes or the SDK refreshes it. */
export function useToken(): string | undefined {
  const ext = useExt();
  return useSyncExternalStore(
    (onChange) => ext.auth.on('change', onChange),
    () => ext.auth.peek()?.token,
  );
}

export interface NavigationState {
  current: string;
  go: (path: string, options?: { replace?: boolean }) => Promise<void>;
}

/** The extension's current path (host navigations re-render) and `go()`. */
export function useNavigation(): NavigationState {
  const ext = useExt();
  const [current, setCurrent] = useState(ext.navigation.current);
  useEffect(() => ext.navigation.onChange(setCurrent), [ext]);
  const go = useCallback(
    async (path: string, options?: { replace?: boolean }) => {
      await ext.navigation.go(path, options);
      setCurrent(ext.navigation.current);
    },
    [ext],
  );
  return { current, go };
}

export interface ApiState<T> {
  data: T | undefined;
  error: ExtError | undefined;
  loading: boolean;
  /** Runs the call again (keeps the last data while loading). */
  reload: () => void;
}

/**
 * `api.json(path, init)` as state: `{data, error, loading, reload}`. Re-runs when `path` changes;
 * an unmount or a newer call aborts the previous one. `path: null` skips the call.
 */
export function useApi<T = unknown>(path: string | null, init?: ApiJsonInit): ApiState<T> {
  const ext = useExt();
  const [state, setState] = useState<{ data?: T; error?: ExtError; loading: boolean }>({ loading: path !== null });
  const [generation, setGeneration] = useState(0);
  const initRef = useRef(init);
  initRef.current = init;
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    ext.api.json<T>(path, { ...initRef.current, signal: controller.signal }).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({
          ...s,
          error: error instanceof ExtError ? error : new ExtError('internal', String(error)),
          loading: false,
        }));
      },
    );
    return () => controller.abort();
  }, [ext, path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** The entry point this page was mounted as (`ext.context.entry`); re-renders when a panel's subject changes. */
export function useEntry(): EntryContext {
  return useEntryOf(useExt());
}

/** A panel's host object (undefined outside a panel); re-renders when the host's selection changes. */
export function useSubject(): HostSubject | undefined {
  return subjectOf(useEntry());
}

/** Whether the frame is visible; re-renders when the host shows or hides it. */
export function useVisible(): boolean {
  return useVisibleOf(useExt());
}

/**
 * State kept by the host across reloads and remounts (`ext.view.state`): `[value, set, status]`.
 * Starts as `initial` until the stored state is read (`status.ready`); a stored state of another
 * `version` goes through `migrate` or is dropped. `set` updates at once and stores in the background
 * (a failure shows in `status.error`).
 */
export function useViewState<T extends JsonValue>(
  initial: T,
  options?: ViewStateOptions<T>,
): [T, (next: T) => void, ViewStateStatus] {
  return useViewStateOf(useExt(), initial, options);
}
