import type { TokenKind } from './values.js';

/**
 * Every theme token, with the kind of value it holds. The CSS custom property of a token is
 * `--ext-<name>` (see `cssVariable`). Adding a token is a minor protocol change (hosts that do not
 * send it get the default); removing or renaming one is a major change.
 */
export const THEME_TOKEN_KINDS = {
  // surfaces and text
  'color-bg': 'color',
  'color-bg-subtle': 'color',
  'color-surface': 'color',
  'color-surface-raised': 'color',
  'color-overlay': 'color',
  'color-fg': 'color',
  'color-fg-muted': 'color',
  'color-fg-subtle': 'color',
  'color-border': 'color',
  'color-border-strong': 'color',
  'color-row-hover': 'color',
  'color-selection': 'color',
  // actions and tones
  'color-primary': 'color',
  'color-primary-hover': 'color',
  'color-primary-fg': 'color',
  'color-primary-subtle': 'color',
  'color-secondary': 'color',
  'color-secondary-hover': 'color',
  'color-secondary-fg': 'color',
  'color-danger': 'color',
  'color-danger-hover': 'color',
  'color-danger-fg': 'color',
  'color-danger-subtle': 'color',
  'color-warning': 'color',
  'color-warning-fg': 'color',
  'color-warning-subtle': 'color',
  'color-success': 'color',
  'color-success-fg': 'color',
  'color-success-subtle': 'color',
  'color-info': 'color',
  'color-info-fg': 'color',
  'color-info-subtle': 'color',
  // focus ring
  'color-focus-ring': 'color',
  'focus-ring-width': 'length',
  'focus-ring-offset': 'length',
  // shape
  'radius-sm': 'length',
  'radius-md': 'length',
  'radius-lg': 'length',
  'radius-full': 'length',
  // type
  'font-family': 'fontFamily',
  'font-family-mono': 'fontFamily',
  'font-size-sm': 'length',
  'font-size-md': 'length',
  'font-size-lg': 'length',
  'font-size-xl': 'length',
  'font-weight-normal': 'fontWeight',
  'font-weight-medium': 'fontWeight',
  'font-weight-bold': 'fontWeight',
  'line-height': 'number',
  // spacing scale
  'space-1': 'length',
  'space-2': 'length',
  'space-3': 'length',
  'space-4': 'length',
  'space-5': 'length',
  'space-6': 'length',
  // elevation and motion
  'shadow-sm': 'shadow',
  'shadow-md': 'shadow',
  'shadow-lg': 'shadow',
  'duration-fast': 'duration',
  'duration-normal': 'duration',
} as const satisfies Record<string, TokenKind>;

export type ThemeTokenName = keyof typeof THEME_TOKEN_KINDS;
export const THEME_TOKEN_NAMES = Object.keys(THEME_TOKEN_KINDS) as ThemeTokenName[];

/** The CSS custom property that carries a token: `color-bg` → `--ext-color-bg`. */
export function cssVariable(name: ThemeTokenName): `--ext-${ThemeTokenName}` {
  return `--ext-${name}`;
}
