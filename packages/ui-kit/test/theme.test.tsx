import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKENS, THEME_TOKEN_NAMES, cssVariable, type ThemeMode } from '@extsys/protocol/theme';
import { Button } from '../src/button.js';

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../styles.css'), 'utf8');
const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');

function applyTheme(mode: ThemeMode) {
  for (const name of THEME_TOKEN_NAMES) {
    document.documentElement.style.setProperty(cssVariable(name), DEFAULT_TOKENS[mode][name]);
  }
}

describe('styles.css', () => {
  it('uses only the protocol theme tokens', () => {
    const used = new Set([...withoutComments.matchAll(/var\((--[\w-]+)/g)].map((m) => m[1]!));
    const known = new Set<string>(THEME_TOKEN_NAMES.map(cssVariable));
    const radix = [...used].filter((v) => v.startsWith('--radix-'));
    const unknown = [...used].filter((v) => !known.has(v) && !radix.includes(v));
    expect(unknown).toEqual([]);
    expect(used.size).toBeGreaterThan(40);
  });

  it('has no literal colours (only tokens, transparent and currentColor)', () => {
    expect(withoutComments.match(/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/gi)).toBeNull();
  });

  it('gives every focusable part a focus ring drawn from the focus tokens', () => {
    const rule = withoutComments.match(/([^{}]*:focus-visible[^{}]*)\{([^}]*)\}/)!;
    for (const part of ['ek-button', 'ek-input', 'ek-checkbox', 'ek-radio', 'ek-switch', 'ek-tabs__tab', 'ek-link']) {
      expect(rule[1]).toContain(`.${part}:focus-visible`);
    }
    expect(rule[2]).toContain('outline: var(--ext-focus-ring-width) solid var(--ext-color-focus-ring)');
    expect(rule[2]).toContain('outline-offset: var(--ext-focus-ring-offset)');
  });
});

describe('theme switching', () => {
  beforeAll(() => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
  });

  // jsdom cascades the stylesheet and inherits custom properties, but does not substitute var()
  // in computed values: `resolved` does that one step by hand from the element's computed custom
  // property. Chromium's real substitution is checked by the Storybook run (storybook/scripts/a11y.mjs).
  function resolved(element: Element, property: 'backgroundColor' | 'color') {
    const style = getComputedStyle(element);
    const declared = style[property];
    const match = /^var\((--[\w-]+)\)$/.exec(declared);
    expect(match, `${property} is declared through a theme token`).not.toBeNull();
    return style.getPropertyValue(match![1]!).trim();
  }

  it('changes the computed colours of a component when the :root tokens change', () => {
    render(<Button>Save</Button>);
    const button = screen.getByRole('button', { name: 'Save' });
    const seen = new Set<string>();
    for (const mode of ['light', 'dark', 'high-contrast'] as const) {
      applyTheme(mode);
      expect(getComputedStyle(button).backgroundColor).toBe('var(--ext-color-primary)');
      const background = resolved(button, 'backgroundColor');
      expect(background).toBe(DEFAULT_TOKENS[mode]['color-primary']);
      expect(resolved(button, 'color')).toBe(DEFAULT_TOKENS[mode]['color-primary-fg']);
      seen.add(background);
    }
    expect(seen.size).toBe(3);
  });
});
