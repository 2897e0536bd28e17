// A small history router: the page's URL is the state (deep links and reloads restore it). Moves
// can be held by navigation guards (a dirty extension frame asks the user first).
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/**
 * What the page shows: the URL, except while a back/forward move waits for the guards (the browser
 * has changed the URL already; the page must not re-render, which would unmount the frame asking).
 */
let current = typeof window === 'undefined' ? '/' : snapshot();
/** This entry's place in the session history (`history.state.index`), to undo a back/forward move. */
let position = 0;

/** The path with its query the page shows now. */
export const currentLocation = (): string => current;

/** The current path with its query, e.g. `/ext/com.acme.records/items/42?tab=notes`. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, () => current);
}

/**
 * Asked before the host page leaves what is on screen: resolves false to stay. A dirty extension
 * frame registers one that calls its handle's `leave('navigate')` (which asks the user, then lets
 * the page flush its state), so host navigation waits for that answer.
 */
export type NavigationGuard = () => Promise<boolean>;

const guards = new Set<NavigationGuard>();
/** The navigation waiting for the guards' answers: a second one meanwhile is refused, not queued. */
let asking: Promise<boolean> | undefined;

/** Registers a guard; the returned function removes it (call it on unmount). */
export function addNavigationGuard(guard: NavigationGuard): () => void {
  // A wrapper per registration, so the same function registered twice is removed once per call.
  const entry: NavigationGuard = () => guard();
  guards.add(entry);
  return () => {
    guards.delete(entry);
  };
}

/**
 * Asks every registered guard, one after the other (each may show a dialog: never two at once);
 * false as soon as one refuses or fails. True without guards.
 */
export function askNavigationGuards(): Promise<boolean> {
  if (asking) return Promise.resolve(false);
  if (guards.size === 0) return Promise.resolve(true);
  asking = (async () => {
    try {
      for (const guard of [...guards]) {
        const allowed = await guard().catch(() => false);
        if (!allowed) return false;
      }
      return true;
    } finally {
      asking = undefined;
    }
  })();
  return asking;
}

/**
 * Moves the page to `to` (same origin), as a new history entry or replacing the current one, once
 * the navigation guards allow it; resolves whether it moved. `guarded: false` skips them, for a
 * move that keeps what is on screen mounted (an extension page following its own route).
 */
export async function navigate(to: string, options: { replace?: boolean; guarded?: boolean } = {}): Promise<boolean> {
  if (to === current) return true;
  if (options.guarded !== false && !(await askNavigationGuards())) return false;
  if (options.replace) window.history.replaceState({ index: position }, '', to);
  else window.history.pushState({ index: ++position }, '', to);
  current = snapshot();
  notify();
  return true;
}

/** What the next `popstate` is: a move the router itself made with `history.go`. */
let expected: 'undo' | 'redo' | undefined;
/** How far the held back/forward move went (entries; negative: back). */
let held = 0;

/**
 * Back and forward cannot be held: the URL has changed when `popstate` arrives. So, while a guard
 * is registered, the router goes back to the entry the page shows (without re-rendering), asks
 * once that is done, and goes again to where the user went if the guards allow it.
 */
function onPopState(event: PopStateEvent): void {
  const index = (event.state as { index?: unknown } | null)?.index;
  const target = typeof index === 'number' ? index : 0;
  if (expected === 'undo') {
    // Back on the shown entry: now the guards may ask (a dialog over the page that still shows it).
    expected = undefined;
    void askNavigationGuards().then((allowed) => {
      if (!allowed) return;
      expected = 'redo';
      window.history.go(held);
    });
    return;
  }
  if (expected === undefined && guards.size > 0 && target !== position) {
    held = target - position;
    expected = 'undo';
    window.history.go(-held);
    return;
  }
  expected = undefined;
  position = target;
  current = snapshot();
  notify();
}

if (typeof window !== 'undefined') {
  const state = window.history.state as { index?: unknown } | null;
  if (typeof state?.index === 'number') position = state.index;
  else window.history.replaceState({ ...state, index: 0 }, '');
  window.addEventListener('popstate', onPopState);
}

/** `/ext/{extensionId}/{...path}` → the extension id and its own path (with the query), or undefined. */
export function matchExtensionRoute(location: string): { extensionId: string; path: string } | undefined {
  const match = /^\/ext\/([^/?#]+)([^#]*)$/.exec(location);
  if (!match) return undefined;
  const [, extensionId = '', rest = ''] = match;
  let id: string;
  try {
    id = decodeURIComponent(extensionId);
  } catch {
    return undefined;
  }
  return { extensionId: id, path: rest.startsWith('/') ? rest : `/${rest}` };
}

export const extensionHref = (extensionId: string, path = '/') => `/ext/${encodeURIComponent(extensionId)}${path}`;

/** `/customers` → `{}`; `/customers/{id}` → `{id}`; anything else → undefined. */
export function matchCustomersRoute(location: string): { id?: string } | undefined {
  const match = /^\/customers(?:\/([^/?#]+))?\/?(?:\?[^#]*)?$/.exec(location);
  if (!match) return undefined;
  if (match[1] === undefined) return {};
  try {
    return { id: decodeURIComponent(match[1]) };
  } catch {
    return undefined;
  }
}

export const customerHref = (id?: string) => (id === undefined ? '/customers' : `/customers/${encodeURIComponent(id)}`);
