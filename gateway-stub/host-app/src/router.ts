// A small history router: the page's URL is the state (deep links and reloads restore it).
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/** The current path with its query, e.g. `/ext/com.acme.records/items/42?tab=notes`. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Moves the page to `to` (same origin), as a new history entry or replacing the current one. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
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
