import type { Caller } from './bridge.js';
import { ExtError } from './errors.js';
import { createEmitter, type Listener, type Unsubscribe } from './events.js';
import { API_PATH } from './generated/validators.js';
import { problemOf } from './validate.js';

export interface NavigationApi {
  /** The extension's current path inside its own routing (`/records/42?tab=notes`). */
  readonly current: string;
  /** Asks the host to reflect `path` in its URL (history entry, or replace). */
  go(path: string, options?: { replace?: boolean }): Promise<void>;
  /** The host's router moved (back button, menu): show `path`. */
  onChange(listener: Listener<string>): Unsubscribe;
}

export interface NavigationStore extends NavigationApi {
  /** A `navigate` from the host. */
  hostNavigated(path: string): void;
}

export function createNavigation(
  initialPath: string,
  caller: Caller,
  granted: () => boolean,
  notGranted: (feature: string) => ExtError,
): NavigationStore {
  let current = initialPath;
  const events = createEmitter<{ change: string }>();
  return {
    get current() {
      return current;
    },
    async go(path, options = {}) {
      // RoutePath is ApiPath in the protocol.
      const problem = problemOf(API_PATH, path, 'navigation path');
      if (problem) throw new ExtError('path_invalid', `${problem} (got ${JSON.stringify(String(path).slice(0, 80))})`);
      if (!granted()) throw notGranted('navigate');
      await caller.call('navigate', options.replace === undefined ? { path } : { path, replace: options.replace });
      current = path;
    },
    onChange: (listener) => events.on('change', listener),
    hostNavigated(path) {
      if (path === current) return;
      current = path;
      events.emit('change', path);
    },
  };
}
