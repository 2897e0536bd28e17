import { THEME_TOKEN_NAMES, cssVariable, type Theme, type ThemeMode } from '@extsys/protocol/bridge';
import { createEmitter, type Listener, type Unsubscribe } from './events.js';

const PREFIX = '--ext-';

/** The CSS `color-scheme` of a mode (high contrast themes are dark). */
export function colorSchemeOf(mode: ThemeMode): 'light' | 'dark' {
  return mode === 'light' ? 'light' : 'dark';
}

/**
 * Sets `color-scheme` and `data-theme` on `<html>`. Runs synchronously when the SDK module is
 * evaluated (from the URL fragment), so the first paint already has the right scheme.
 */
export function applyColorScheme(mode: ThemeMode, root: HTMLElement = document.documentElement): void {
  root.style.colorScheme = colorSchemeOf(mode);
  root.setAttribute('data-theme', mode);
}

/**
 * Writes a whole theme onto `:root` in ONE style write: every `--ext-*` property of the previous
 * theme is removed, the new ones set, the author's own inline styles kept. Uses the CSSOM (not a
 * `<style>` element), which a strict `style-src` CSP allows.
 */
export function applyThemeToRoot(theme: Theme, root: HTMLElement = document.documentElement): void {
  const style = root.style;
  const kept: string[] = [];
  for (let i = 0; i < style.length; i++) {
    const name = style.item(i);
    if (name.startsWith(PREFIX) || name === 'color-scheme') continue;
    const priority = style.getPropertyPriority(name);
    kept.push(`${name}: ${style.getPropertyValue(name)}${priority ? ` !${priority}` : ''};`);
  }
  kept.push(`color-scheme: ${colorSchemeOf(theme.mode)};`);
  for (const name of THEME_TOKEN_NAMES) kept.push(`${cssVariable(name)}: ${theme.tokens[name]};`);
  style.cssText = kept.join(' ');
  root.setAttribute('data-theme', theme.mode);
}

export interface ThemeApi {
  /** The current theme (mode + every token value), for canvas drawing and the like. */
  get(): Theme;
  /** Called after a new theme has been applied. */
  on(type: 'change', listener: Listener<Theme>): Unsubscribe;
}

export interface ThemeStore extends ThemeApi {
  set(theme: Theme): void;
}

export function createThemeStore(initial: Theme, apply: boolean): ThemeStore {
  let current = initial;
  const events = createEmitter<{ change: Theme }>();
  if (apply) applyThemeToRoot(initial);
  return {
    get: () => current,
    on: (type, listener) => events.on(type, listener),
    set(theme) {
      current = theme;
      if (apply) applyThemeToRoot(theme);
      events.emit('change', theme);
    },
  };
}
