import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { EntryContext, HostSubject, JsonValue, ViewState } from '@extsys/protocol/bridge';
import type { Ext } from '../connect.js';
import { ExtError } from '../errors.js';

/** Re-renders on any of `events` (and a reconnect, which may bring a new context). */
function useContextValue<T>(ext: Ext, events: readonly ('subject' | 'visibility')[], read: () => T): T {
  return useSyncExternalStore((onChange) => {
    const offs = [...events, 'connected' as const].map((type) => ext.on(type, onChange));
    return () => offs.forEach((off) => off());
  }, read);
}

/** The entry point this page was mounted as, with its target's context (a panel's subject follows changes). */
export function useEntryOf(ext: Ext): EntryContext {
  return useContextValue(ext, ['subject'], () => ext.context.entry);
}

/** Whether the frame is visible; re-renders when the host shows or hides it. */
export function useVisibleOf(ext: Ext): boolean {
  return useContextValue(ext, ['visibility'], () => ext.context.visible);
}

export function subjectOf(entry: EntryContext): HostSubject | undefined {
  return entry.target === 'panel' ? entry.subject : undefined;
}

export interface ViewStateOptions<T> {
  /** Your version of the value's shape (default 1): a stored state of another version is migrated or dropped. */
  version?: number;
  /** Scope the state to the current route. */
  route?: boolean;
  /** Turns an older stored state into the current shape; undefined drops it (`initial` is used). */
  migrate?: (old: ViewState) => T | undefined;
}

export interface ViewStateStatus {
  /** The stored state was read (or there was none). */
  ready: boolean;
  /** The last read or write failed. */
  error?: ExtError;
}

const asExtError = (error: unknown) =>
  error instanceof ExtError ? error : new ExtError('internal', String(error), { cause: error });

/** `[value, set, status]` backed by the host's view state (see `ext.view.state`). */
export function useViewStateOf<T extends JsonValue>(
  ext: Ext,
  initial: T,
  options: ViewStateOptions<T> = {},
): [T, (next: T) => void, ViewStateStatus] {
  const { version = 1, route = false } = options;
  const [value, setValue] = useState<T>(initial);
  const [status, setStatus] = useState<ViewStateStatus>({ ready: false });
  const migrate = useRef(options.migrate);
  migrate.current = options.migrate;
  const initialRef = useRef(initial);
  const [path, setPath] = useState(ext.navigation.current);
  useEffect(() => (route ? ext.navigation.onChange(setPath) : undefined), [ext, route]);
  useEffect(() => {
    let alive = true;
    ext.view.state.get({ route }).then(
      (stored) => {
        if (!alive) return;
        const next = !stored ? undefined : stored.version === version ? (stored.value as T) : migrate.current?.(stored);
        setValue(next === undefined ? initialRef.current : next);
        setStatus({ ready: true });
      },
      (error: unknown) => alive && setStatus({ ready: true, error: asExtError(error) }),
    );
    return () => {
      alive = false;
    };
  }, [ext, version, route, route ? path : '']);
  const set = useCallback(
    (next: T) => {
      setValue(next);
      ext.view.state.set(next, { version, route }).then(
        () => setStatus((s) => (s.error ? { ready: s.ready } : s)),
        (error: unknown) => setStatus((s) => ({ ready: s.ready, error: asExtError(error) })),
      );
    },
    [ext, version, route],
  );
  return [value, set, status];
}
