import { ContextChange, RoutePath, Theme } from '@extsys/protocol/bridge';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import type { ContextFields } from './context.js';

export function parseTheme(theme: unknown): Theme {
  const parsed = parseOrError(Theme, theme, { code: 'validation_failed', label: 'theme' });
  if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
  return parsed.value;
}

export function parsePath(path: unknown): string {
  const parsed = parseOrError(RoutePath, path, { code: 'path_invalid', label: 'path' });
  if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
  return parsed.value;
}

/** Validates a context change (throws `validation_failed`, naming the field). */
export function parseContextChange(change: unknown): ContextChange {
  const parsed = parseOrError(ContextChange, change, { code: 'validation_failed', label: 'context' });
  if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
  return parsed.value;
}

/**
 * What the host keeps of the extension's view and replays on every hello (a reloaded page, a
 * reconnect): the theme and context fields the host last set and the path last agreed on by either side. The token is
 * the token schedule's (the held one, or a new one when it is too old).
 */
export interface ReplayState {
  readonly theme: Theme;
  readonly path: string;
  /** Locale, direction and time zone. */
  readonly fields: ContextFields;
  /**
   * Validates and keeps a context change (throws `validation_failed`); answers the fields that
   * differ from the kept ones, or undefined when nothing changed.
   */
  setContext(change: unknown): ContextChange | undefined;
  /** Validates and keeps a theme the host set (throws `validation_failed`). */
  setTheme(theme: unknown): Theme;
  /**
   * Validates and keeps a path the host's router moved to (throws `path_invalid`). False when the
   * extension is already there (typically the router echoing the extension's own navigate): pushing
   * it back would start a navigation ping-pong.
   */
  hostNavigated(path: unknown): boolean;
  /** Keeps a path the extension moved to (already validated by the method table). */
  extensionNavigated(path: string): void;
}

export function createReplayState(initial: { theme: unknown; path: unknown; fields: ContextFields }): ReplayState {
  let theme = parseTheme(initial.theme);
  let path = parsePath(initial.path);
  let fields = parseContextChange(initial.fields) as ContextFields;
  return {
    get fields() {
      return fields;
    },
    setContext(next) {
      const parsed = parseContextChange(next);
      const changed: ContextChange = {};
      for (const key of Object.keys(parsed) as (keyof ContextChange)[]) {
        if (parsed[key] !== undefined && parsed[key] !== fields[key]) Object.assign(changed, { [key]: parsed[key] });
      }
      if (Object.keys(changed).length === 0) return undefined;
      fields = { ...fields, ...changed };
      return changed;
    },
    get theme() {
      return theme;
    },
    get path() {
      return path;
    },
    setTheme(next) {
      theme = parseTheme(next);
      return theme;
    },
    hostNavigated(next) {
      const parsed = parsePath(next);
      if (parsed === path) return false;
      path = parsed;
      return true;
    },
    extensionNavigated(next) {
      path = next;
    },
  };
}
