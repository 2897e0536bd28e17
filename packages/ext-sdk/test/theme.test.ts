import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DARK_TOKENS, resolveTheme } from '@extsys/protocol/theme';
import type { Ext, Theme } from '../src/index.js';
import { createMockHost } from '../src/testing/index.js';
import { connected } from './helpers.js';

let ext: Ext | undefined;
const root = () => document.documentElement;
beforeEach(() => {
  root().removeAttribute('style');
  root().removeAttribute('data-theme');
});
afterEach(() => {
  ext?.destroy();
  vi.restoreAllMocks();
});

describe('theme', () => {
  it('applies the context theme as --ext-* custom properties on :root, readable from JS', async () => {
    const r = await connected({ theme: 'light' });
    ext = r.ext;
    expect(root().style.getPropertyValue('--ext-color-bg')).toBe('#ffffff');
    expect(root().getAttribute('data-theme')).toBe('light');
    expect(root().style.colorScheme).toBe('light');
    expect(ext.theme.get().tokens['color-bg']).toBe('#ffffff');
  });

  it('replaces the whole token set in one style write: old tokens removed, author styles kept', async () => {
    const r = await connected({ theme: 'light' });
    ext = r.ext;
    root().style.setProperty('--ext-stale-token', 'red'); // e.g. left over from an older theme
    root().style.setProperty('margin-top', '3px'); // the author's own inline style
    const changes: Theme[] = [];
    ext.theme.on('change', (t) => changes.push(t));
    // Every write to the style attribute is one mutation record: the theme change must be ONE.
    const styleWrites: MutationRecord[] = [];
    const observer = new MutationObserver((records) => styleWrites.push(...records));
    observer.observe(root(), { attributes: true, attributeFilter: ['style'] });
    const setProperty = vi.spyOn(root().style, 'setProperty');
    const removeProperty = vi.spyOn(root().style, 'removeProperty');
    await r.host.setTheme('dark');
    styleWrites.push(...observer.takeRecords());
    observer.disconnect();

    expect(styleWrites).toHaveLength(1);
    expect(removeProperty).not.toHaveBeenCalled();
    expect(setProperty).not.toHaveBeenCalled();
    expect(root().style.getPropertyValue('--ext-color-bg')).toBe(DARK_TOKENS['color-bg']);
    expect(root().style.getPropertyValue('--ext-stale-token')).toBe('');
    expect(root().style.getPropertyValue('margin-top')).toBe('3px');
    expect(root().getAttribute('data-theme')).toBe('dark');
    expect(root().style.colorScheme).toBe('dark');
    expect(changes).toEqual([resolveTheme('dark')]);
    expect(ext.theme.get().mode).toBe('dark');
  });

  it('applyTheme: false leaves the document alone but still tracks the theme', async () => {
    const r = await connected({ theme: 'dark' }, { applyTheme: false });
    ext = r.ext;
    expect(root().style.getPropertyValue('--ext-color-bg')).toBe('');
    expect(ext.theme.get().mode).toBe('dark');
  });
});

describe('colour scheme from the URL fragment', () => {
  it.each([
    ['the core entry', () => import('../src/index.js')],
    // ExtProvider connects in an effect, after React's first render: too late for first paint.
    ['the React entry alone', () => import('../src/react/index.js')],
  ])('is applied when %s is evaluated, before connect() is called', async (_, load) => {
    const host = createMockHost({ theme: 'dark' });
    window.location.hash = `#${host.fragment}`;
    root().removeAttribute('data-theme');
    root().style.colorScheme = '';
    vi.resetModules();
    await load();
    expect(root().getAttribute('data-theme')).toBe('dark');
    expect(root().style.colorScheme).toBe('dark');
    window.location.hash = '';
  });

  it('a page without a fragment is left alone at load (connect() then reports the problem)', async () => {
    window.location.hash = '';
    vi.resetModules();
    await import('../src/index.js');
    expect(root().getAttribute('data-theme')).toBeNull();
  });
});
