import { describe, expect, it } from 'vitest';
import { CAPABILITIES, Manifest, manifestTitle, parseOrError, type ManifestInput } from '../src/index.js';
import { accepted, rejected } from './expect-parse.js';
import { manifest } from './fixtures.js';

function withChange(change: (m: ManifestInput & Record<string, unknown>) => void): unknown {
  const m = manifest() as ManifestInput & Record<string, unknown>;
  change(m);
  return m;
}
const code = 'manifest_invalid' as const;

describe('manifest v2: good examples', () => {
  it('accepts a full manifest and keeps every field', () => {
    const parsed = accepted(Manifest, manifest());
    expect(parsed.name).toBe('com.acme.hello');
    expect(parsed.api?.endpoints).toHaveLength(4);
    expect(parsed.ui?.hostFeatures).toEqual(['toast', 'confirm', 'navigate']);
    expect(manifestTitle(parsed)).toBe('Hello');
  });

  it('fills defaults for a minimal UI-only extension', () => {
    const parsed = accepted(Manifest, {
      manifestVersion: 2,
      name: 'com.acme.minimal',
      publisher: 'Acme',
      version: '0.1.0',
      runtime: 'wasm@1',
      ui: { type: 'iframe', entry: 'ui/index.html' },
    });
    expect(parsed.capabilities).toEqual([]);
    expect(parsed.ui).toEqual({
      type: 'iframe',
      entry: 'ui/index.html',
      initialHeight: 320,
      sandbox: [],
      hostFeatures: [],
    });
    expect(manifestTitle(parsed)).toBe('com.acme.minimal');
  });

  it('accepts an API-only extension', () => {
    accepted(
      Manifest,
      withChange((m) => {
        delete m.ui;
      }),
    );
  });

  it('accepts a js@1 extension whose module is a .js file', () => {
    accepted(
      Manifest,
      withChange((m) => {
        m.runtime = 'js@1';
        m.api!.module = 'handler/handler.js';
      }),
    );
  });
});

describe('manifest v2: bad examples are rejected naming the field', () => {
  it.each([
    ['unknown top-level key', (m) => (m.entry = 'dist/main.wasm'), 'entry', /not a known field/],
    ['unknown nested key', (m) => ((m.ui as Record<string, unknown>).hooks = {}), 'ui.hooks', /not a known field/],
    ['wrong manifest version', (m) => (m.manifestVersion = 1 as never), 'manifestVersion', /2/],
    ['name not reverse-domain', (m) => (m.name = 'hello'), 'name', /reverse-domain/],
    ['missing publisher', (m) => delete (m as Partial<ManifestInput>).publisher, 'publisher', /is required/],
    ['oversize publisher', (m) => (m.publisher = 'p'.repeat(101)), 'publisher', /at most 100/],
    ['control characters', (m) => (m.description = 'a\u0007b'), 'description', /control characters/],
    ['wildcard version', (m) => (m.version = '1.2.*'), 'version', /semantic version/],
    ['unknown runtime', (m) => (m.runtime = 'wasm-js@1' as never), 'runtime', /wasm@1/],
    [
      'unknown capability',
      (m) => (m.capabilities = ['log', 'cap:http.fetch' as never]),
      'capabilities[1]',
      /must be one of/,
    ],
    ['duplicate capability', (m) => (m.capabilities = ['log', 'log']), 'capabilities', /twice/],
    ['capabilities not a list', (m) => (m.capabilities = 'log' as never), 'capabilities', /an array/],
    [
      'traversal in ui entry',
      (m) => (m.ui!.entry = '../x.html'),
      'ui.entry',
      /inside the bundle \(it has a hidden or "." \/ ".." segment\), got "..\/x.html"/,
    ],
    ['absolute ui entry', (m) => (m.ui!.entry = '/ui/index.html'), 'ui.entry', /inside the bundle/],
    ['ui entry not html', (m) => (m.ui!.entry = 'ui/app.js'), 'ui.entry', /\.html/],
    ['ui type', (m) => ((m.ui as Record<string, unknown>).type = 'window'), 'ui.type', /iframe/],
    ['height', (m) => (m.ui!.initialHeight = -5), 'ui.initialHeight', />= 0/],
    ['sandbox same-origin', (m) => (m.ui!.sandbox = ['same-origin' as 'forms']), 'ui.sandbox[0]', /must be one of/],
    ['unknown host feature', (m) => (m.ui!.hostFeatures = ['clipboard' as 'toast']), 'ui.hostFeatures[0]', /one of/],
    ['module traversal', (m) => (m.api!.module = 'handler/../../x.wasm'), 'api.module', /inside the bundle/],
    [
      'module not wasm',
      (m) => (m.api!.module = 'handler/main.js'),
      'api.module',
      /wasm@1 handler module must be a \.wasm/,
    ],
    ['js module not js', (m) => (m.runtime = 'js@1'), 'api.module', /js@1 handler module must be a \.js file/],
    ['module neither', (m) => (m.api!.module = 'handler/main.py'), 'api.module', /\.wasm or a \.js/],
    ['no endpoints', (m) => (m.api!.endpoints = []), 'api.endpoints', /at least 1/],
    ['endpoint method', (m) => (m.api!.endpoints[0]!.method = 'TRACE' as 'GET'), 'api.endpoints[0].method', /one of/],
    ['endpoint path traversal', (m) => (m.api!.endpoints[0]!.path = '/a/../b'), 'api.endpoints[0].path', /\.\./],
    ['endpoint path relative', (m) => (m.api!.endpoints[0]!.path = 'items'), 'api.endpoints[0].path', /"\/"/],
    ['endpoint path wildcard', (m) => (m.api!.endpoints[0]!.path = '/items/*'), 'api.endpoints[0].path', /"\/"/],
    ['endpoint handler', (m) => (m.api!.endpoints[0]!.handler = '../x'), 'api.endpoints[0].handler', /identifier/],
    [
      'duplicate route',
      (m) => m.api!.endpoints.push({ method: 'GET', path: '/items/:key', handler: 'other' }),
      'api.endpoints',
      /twice/,
    ],
    ['egress with path', (m) => (m.http!.allow = ['https://api.example.com/v1']), 'http.allow[0]', /origin/],
    ['egress wildcard', (m) => (m.http!.allow = ['https://*']), 'http.allow[0]', /origin/],
    ['asset traversal', (m) => (m.assets = ['ui/../../secret']), 'assets[0]', /inside the bundle/],
    ['hidden asset', (m) => (m.assets = ['.env']), 'assets[0]', /inside the bundle/],
    [
      'prototype pollution',
      (m) => Object.defineProperty(m, '__proto__', { value: {}, enumerable: true }),
      '__proto__',
      /not a known field/,
    ],
  ] as [string, (m: ManifestInput & Record<string, unknown>) => void, string, RegExp][])(
    '%s',
    (_name, change, field, says) => {
      rejected(Manifest, withChange(change), { field, says, code });
    },
  );

  it('needs a ui or an api', () => {
    rejected(
      Manifest,
      withChange((m) => {
        delete m.ui;
        delete m.api;
      }),
      { field: 'value', says: /"api", a "ui" or both/, code },
    );
  });

  it('needs http.fetch for an egress allowlist', () => {
    rejected(
      Manifest,
      withChange((m) => {
        m.capabilities = ['log'];
      }),
      { field: 'http', says: /http\.fetch/, code },
    );
  });

  it('rejects a JSON manifest with a __proto__ key from the wire', () => {
    const json = JSON.stringify(manifest()).replace('{', '{"__proto__":{"admin":true},');
    const result = parseOrError(Manifest, JSON.parse(json), { code, label: 'manifest' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^__proto__: is not a known field/);
  });

  it('lists the closed capability set', () => {
    expect(CAPABILITIES).toEqual(['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read']);
  });
});
