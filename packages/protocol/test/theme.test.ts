import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKENS,
  THEME_MODES,
  THEME_TOKEN_KINDS,
  THEME_TOKEN_NAMES,
  Theme,
  ThemeTokenOverrides,
  ThemeTokens,
  cssVariable,
  resolveTheme,
  tokenValueProblem,
} from '../src/index.js';
import { accepted, rejected } from './expect-parse.js';

describe('theme tokens', () => {
  it('cover colours, radius, font, spacing, focus ring and elevation', () => {
    for (const prefix of ['color-', 'radius-', 'font-', 'space-', 'focus-ring-', 'shadow-']) {
      expect(
        THEME_TOKEN_NAMES.some((name) => name.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    expect(cssVariable('color-bg')).toBe('--ext-color-bg');
  });

  it.each(THEME_MODES)('has valid %s defaults for every token', (mode) => {
    const tokens = accepted(ThemeTokens, DEFAULT_TOKENS[mode]);
    expect(Object.keys(tokens).sort()).toEqual([...THEME_TOKEN_NAMES].sort());
  });

  it('gives the modes distinct backgrounds and foregrounds', () => {
    const backgrounds = THEME_MODES.map((m) => DEFAULT_TOKENS[m]['color-bg']);
    expect(new Set(backgrounds).size).toBe(3);
  });

  it('resolves a mode with host overrides on top', () => {
    const theme = resolveTheme('light', { 'color-primary': '#ff0000', 'radius-md': undefined });
    expect(theme.mode).toBe('light');
    expect(theme.tokens['color-primary']).toBe('#ff0000');
    expect(theme.tokens['radius-md']).toBe(DEFAULT_TOKENS.light['radius-md']);
    accepted(Theme, theme);
  });

  it('requires every token and refuses unknown ones', () => {
    const { ['color-bg']: _dropped, ...missing } = DEFAULT_TOKENS.light;
    rejected(ThemeTokens, missing, { field: 'color-bg', says: /is required/ });
    rejected(ThemeTokens, { ...DEFAULT_TOKENS.light, 'color-brand': '#fff' }, { field: 'color-brand' });
    accepted(ThemeTokenOverrides, { 'color-bg': '#000' });
    rejected(ThemeTokenOverrides, { 'color-bg': 'url(x)' }, { field: 'color-bg' });
  });
});

describe('token values', () => {
  it.each([
    ['color', '#fff'],
    ['color', '#4f46e5cc'],
    ['color', 'rgb(15 23 42 / 0.5)'],
    ['color', 'rgba(0, 0, 0, 0.4)'],
    ['color', 'hsl(210deg 40% 50%)'],
    ['color', 'oklch(0.7 0.1 200)'],
    ['color', 'transparent'],
    ['length', '0'],
    ['length', '0.5rem'],
    ['length', '12px'],
    ['fontFamily', 'system-ui, "Segoe UI", sans-serif'],
    ['fontWeight', '600'],
    ['number', '1.45'],
    ['shadow', '0 1px 2px rgb(0 0 0 / 0.06)'],
    ['shadow', 'inset 0 0 0 1px #000, 0 4px 12px rgba(0, 0, 0, 0.1)'],
    ['shadow', 'none'],
    ['duration', '150ms'],
  ] as const)('accepts %s %j', (kind, value) => {
    expect(tokenValueProblem(kind, value)).toBeUndefined();
  });

  it.each([
    ['red;background:url(https://evil.example/x.png)', /not allowed/],
    ['url(https://evil.example/x.png)', /not allowed/],
    ['expression(alert(1))', /not allowed/],
    ['#fff}body{display:none', /not allowed/],
    ['#fff /* comment */', /not allowed/],
    ['image-set("x.png" 1x)', /not allowed/],
    ['var(--host-secret)', /not allowed/],
    ['#fff !important', /not allowed/],
    ['@import "x"', /not allowed/],
    ['\\75 rl(x)', /not allowed/],
    ['<script>', /not allowed/],
    ['red', /must be a colour/],
    ['#ggg', /must be a colour/],
    ['rgb(1,2)', /must be a colour/],
    ['x'.repeat(201), /at most 200/],
  ])('refuses the colour %j', (value, reason) => {
    expect(tokenValueProblem('color', value)).toMatch(reason);
    rejected(ThemeTokens, { ...DEFAULT_TOKENS.dark, 'color-primary': value }, { field: 'color-primary', says: reason });
  });

  it('checks each token against its own kind', () => {
    expect(THEME_TOKEN_KINDS['radius-md']).toBe('length');
    rejected(ThemeTokens, { ...DEFAULT_TOKENS.light, 'radius-md': '#fff' }, { field: 'radius-md', says: /a length/ });
    rejected(
      ThemeTokens,
      { ...DEFAULT_TOKENS.light, 'font-family': 'Inter; color: red' },
      { field: 'font-family', says: /not allowed/ },
    );
    rejected(ThemeTokens, { ...DEFAULT_TOKENS.light, 'shadow-md': '0 1px' }, { field: 'shadow-md', says: /shadow/ });
    rejected(
      ThemeTokens,
      { ...DEFAULT_TOKENS.light, 'font-weight-bold': '650' },
      { field: 'font-weight-bold', says: /font weight/ },
    );
  });
});
