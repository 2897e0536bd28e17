import { describe, expect, it } from 'vitest';
import { MountFragment, PROTOCOL_VERSION, decodeMountFragment } from '@extsys/protocol';
import { HostBridgeError, buildExtUiSrc } from '../src/index.js';
import { HASH } from './harness.js';

const base = { runnerBase: 'https://runner.example.com', parentOrigin: 'https://host.example.com' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HostBridgeError);
    expect((error as HostBridgeError).message.length).toBeGreaterThan(20);
    return (error as HostBridgeError).code;
  }
  return undefined;
}

describe('buildExtUiSrc', () => {
  it('builds {base}/ext-ui/{id}/{hash}/{entry}?path=...#fragment with a fresh nonce', () => {
    const { src, nonce } = buildExtUiSrc('com.acme.hello', HASH, {
      ...base,
      path: '/records/42?tab=notes',
      mode: 'dark',
    });
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{21,}$/);
    const url = new URL(src);
    expect(url.origin).toBe('https://runner.example.com');
    expect(url.pathname).toBe(`/ext-ui/com.acme.hello/${encodeURIComponent(HASH)}/index.html`);
    expect(url.searchParams.get('path')).toBe('/records/42?tab=notes');
    const fragment = MountFragment.parse(decodeMountFragment(url.hash));
    expect(fragment).toEqual({
      nonce,
      parentOrigin: 'https://host.example.com',
      protocol: PROTOCOL_VERSION,
      mode: 'dark',
    });
  });

  it('makes a different nonce per mount, and keeps a given one', () => {
    const a = buildExtUiSrc('com.acme.hello', HASH, base).nonce;
    const b = buildExtUiSrc('com.acme.hello', HASH, base).nonce;
    expect(a).not.toBe(b);
    expect(buildExtUiSrc('com.acme.hello', HASH, { ...base, nonce: 'n'.repeat(30) }).nonce).toBe('n'.repeat(30));
  });

  it.each([
    ['https://runner.example.com', 'https://runner.example.com/ext-ui/'],
    ['https://runner.example.com/', 'https://runner.example.com/ext-ui/'],
    ['https://runner.example.com/base///', 'https://runner.example.com/base/ext-ui/'],
    ['https://runner.example.com:8443/a/b', 'https://runner.example.com:8443/a/b/ext-ui/'],
    ['/runner', '/runner/ext-ui/'],
    ['/runner/', '/runner/ext-ui/'],
    ['/', '/ext-ui/'],
  ])('joins the base %s', (runnerBase, prefix) => {
    expect(buildExtUiSrc('com.acme.hello', HASH, { ...base, runnerBase }).src.startsWith(prefix)).toBe(true);
  });

  it('encodes every entry segment and the path', () => {
    const { src } = buildExtUiSrc('com.acme.hello', HASH, {
      ...base,
      entry: 'ui/app+page@2x.html',
      path: '/a b/ü?x=1&y=2',
    });
    expect(src).toContain('/ui/app%2Bpage%402x.html?path=%2Fa%20b%2F%C3%BC%3Fx%3D1%26y%3D2#');
    expect(new URL(src).searchParams.get('path')).toBe('/a b/ü?x=1&y=2');
  });

  it('defaults the parent origin to the page origin', () => {
    const { src } = buildExtUiSrc('com.acme.hello', HASH, { runnerBase: '/runner' });
    expect(decodeMountFragment(new URL(src, location.href).hash).parentOrigin).toBe('https://host.example.com');
  });

  it.each<[string, () => unknown, string]>([
    ['an id with upper case', () => buildExtUiSrc('Com.Acme', HASH, base), 'bad_request'],
    ['an id with a slash', () => buildExtUiSrc('com.acme/../x', HASH, base), 'bad_request'],
    ['a non-string id', () => buildExtUiSrc(42 as unknown as string, HASH, base), 'bad_request'],
    ['a hash without prefix', () => buildExtUiSrc('com.acme.hello', 'ab'.repeat(32), base), 'content_hash_invalid'],
    ['a short hash', () => buildExtUiSrc('com.acme.hello', 'sha256:abc', base), 'content_hash_invalid'],
    [
      'an upper-case hash',
      () => buildExtUiSrc('com.acme.hello', `sha256:${'AB'.repeat(32)}`, base),
      'content_hash_invalid',
    ],
    ['missing options', () => buildExtUiSrc('com.acme.hello', HASH, undefined as never), 'bad_request'],
    ['an empty base', () => buildExtUiSrc('com.acme.hello', HASH, { runnerBase: '' }), 'bad_request'],
    [
      'a relative base without slash',
      () => buildExtUiSrc('com.acme.hello', HASH, { runnerBase: 'runner' }),
      'bad_request',
    ],
    [
      'a protocol-relative base',
      () => buildExtUiSrc('com.acme.hello', HASH, { runnerBase: '//evil.com' }),
      'bad_request',
    ],
    [
      'a javascript: base',
      () => buildExtUiSrc('com.acme.hello', HASH, { runnerBase: 'javascript:alert(1)' }),
      'bad_request',
    ],
    [
      'a base with a query',
      () => buildExtUiSrc('com.acme.hello', HASH, { runnerBase: 'https://r.com/?a=1' }),
      'bad_request',
    ],
    [
      'a base with credentials',
      () => buildExtUiSrc('com.acme.hello', HASH, { runnerBase: 'https://u:p@r.com' }),
      'bad_request',
    ],
    ['a base with ..', () => buildExtUiSrc('com.acme.hello', HASH, { runnerBase: '/a/../b' }), 'bad_request'],
    ['an entry with ..', () => buildExtUiSrc('com.acme.hello', HASH, { ...base, entry: '../x.html' }), 'path_invalid'],
    ['an absolute entry', () => buildExtUiSrc('com.acme.hello', HASH, { ...base, entry: '/x.html' }), 'path_invalid'],
    ['an encoded entry', () => buildExtUiSrc('com.acme.hello', HASH, { ...base, entry: 'a%2Fb.html' }), 'path_invalid'],
    ['a path without slash', () => buildExtUiSrc('com.acme.hello', HASH, { ...base, path: 'x' }), 'path_invalid'],
    ['a path with ..', () => buildExtUiSrc('com.acme.hello', HASH, { ...base, path: '/a/../b' }), 'path_invalid'],
    ['a path with a fragment', () => buildExtUiSrc('com.acme.hello', HASH, { ...base, path: '/a#b' }), 'path_invalid'],
    [
      'an unknown mode',
      () => buildExtUiSrc('com.acme.hello', HASH, { ...base, mode: 'sepia' as never }),
      'bad_request',
    ],
    [
      'an opaque parent origin',
      () => buildExtUiSrc('com.acme.hello', HASH, { ...base, parentOrigin: 'null' }),
      'bad_request',
    ],
    [
      'a parent origin with a path',
      () => buildExtUiSrc('com.acme.hello', HASH, { ...base, parentOrigin: 'https://h.com/x' }),
      'bad_request',
    ],
    ['a short nonce', () => buildExtUiSrc('com.acme.hello', HASH, { ...base, nonce: 'short' }), 'bad_request'],
    [
      'a nonce with symbols',
      () => buildExtUiSrc('com.acme.hello', HASH, { ...base, nonce: `${'a'.repeat(21)}&m=x` }),
      'bad_request',
    ],
  ])('refuses %s with a typed error', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});
