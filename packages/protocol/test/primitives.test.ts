import { describe, expect, it } from 'vitest';
import {
  ApiPath,
  BundlePath,
  ContentHash,
  ExtensionId,
  HeaderMap,
  HttpUrl,
  MountNonce,
  Origin,
  SemVer,
  TenantId,
  apiPathProblem,
  bundlePathProblem,
  safeRecord,
} from '../src/index.js';
import * as z from 'zod/mini';
import { accepted, rejected } from './expect-parse.js';

describe('identifiers', () => {
  it.each(['com.acme.hello', 'io.github.user-name.tool', 'a.b', 'x1.y2-z'])('accepts extension id %s', (id) => {
    expect(accepted(ExtensionId, id)).toBe(id);
  });
  it.each([
    ['hello', 'single segment'],
    ['Com.Acme', 'upper case'],
    ['com..acme', 'empty segment'],
    ['com.acme-', 'trailing hyphen'],
    ['-com.acme', 'leading hyphen'],
    ['com.acme/../x', 'slash'],
    ['com.acme%2e', 'percent'],
    [`com.${'a'.repeat(130)}`, 'too long'],
  ])('rejects extension id %s (%s)', (id) => {
    rejected(ExtensionId, id, { field: 'value' });
  });

  it('accepts a content hash and rejects near misses', () => {
    expect(accepted(ContentHash, `sha256:${'0f'.repeat(32)}`)).toMatch(/^sha256:/);
    for (const bad of [
      'sha256:abc',
      `sha256:${'AB'.repeat(32)}`,
      `${'ab'.repeat(32)}`,
      `sha512:${'ab'.repeat(32)}`,
      `sha256:${'ab'.repeat(32)}\n`,
    ]) {
      rejected(ContentHash, bad, { field: 'value', says: /sha256:/ });
    }
  });

  it('requires mount nonces with enough entropy', () => {
    accepted(MountNonce, 'V1StGXR8_Z5jdHi6B-myT');
    rejected(MountNonce, 'short', { field: 'value', says: /at least 21 characters/ });
    rejected(MountNonce, 'V1StGXR8_Z5jdHi6B-myT!', { field: 'value', says: /base64url/ });
  });

  it('validates semantic versions strictly', () => {
    for (const v of ['0.0.1', '1.2.3', '1.0.0-rc.1', '1.0.0+build.5', '10.20.30-alpha-1.0+x']) accepted(SemVer, v);
    for (const v of ['1.2', '01.2.3', '1.2.3.4', 'v1.2.3', '1.2.*', '1.2.3-']) rejected(SemVer, v, { field: 'value' });
  });

  it('keeps opaque ids URL-safe and bounded', () => {
    accepted(TenantId, 'tenant_A-1');
    rejected(TenantId, 'tenant a', { field: 'value' });
    rejected(TenantId, '', { field: 'value' });
    rejected(TenantId, 'x'.repeat(65), { field: 'value', says: /at most 64/ });
  });
});

describe('bundle paths', () => {
  it.each(['ui/index.html', 'handler/handler.wasm', 'ui/assets/app-4f2a.js', 'manifest.json'])('accepts %s', (p) => {
    expect(bundlePathProblem(p)).toBeUndefined();
    accepted(BundlePath, p);
  });
  it.each([
    ['../x', /hidden|\.\./],
    ['ui/../../etc/passwd', /hidden|\.\./],
    ['/etc/passwd', /absolute/],
    ['C:/windows', /drive letter/],
    ['ui\\index.html', /backslash/],
    ['ui//index.html', /empty segment/],
    ['ui/.env', /hidden/],
    ['./ui/index.html', /hidden/],
    ['ui/%2e%2e/x', /%/],
    ['ui/a\u0000b', /printable ASCII/],
    ['ui/my file.png', /space/],
    ['ui/caf\u00e9.png', /printable ASCII/],
    ['', /empty/],
  ])('rejects %j', (p, reason) => {
    expect(bundlePathProblem(p)).toMatch(reason);
    rejected(BundlePath, p, { field: 'value', says: /relative path inside the bundle/ });
  });
});

describe('API paths', () => {
  it.each(['/', '/items', '/items/42?view=full&x=%2F', '/a/b-c/d_e.json', '/search?q=..'])('accepts %s', (p) => {
    expect(apiPathProblem(p)).toBeUndefined();
  });
  it.each([
    ['items', /start with/],
    ['//evil.example/x', /"\/\/"/],
    ['/items/../admin', /"\.\."/],
    ['/items/%2e%2e/admin', /"\.\."/],
    ['/items/%2E%2E/admin', /"\.\."/],
    ['/items/.%2e/admin', /"\.\."/],
    ['/items/%2fadmin', /encoded/],
    ['/items/%5cadmin', /encoded/],
    ['/items\\admin', /backslash/],
    ['/items/%c0%ae%c0%ae/admin', /malformed/],
    ['/items/%00', /control/],
    ['/items#frag', /fragment/],
    ['/items/./x', /"\."/],
  ])('rejects %j', (p, reason) => {
    expect(apiPathProblem(p)).toMatch(reason);
    rejected(ApiPath, p, { field: 'value' });
  });
  it('caps the length', () => {
    rejected(ApiPath, `/${'a'.repeat(2048)}`, { field: 'value', says: /at most 2048/ });
  });
});

describe('origins and URLs', () => {
  it('accepts plain origins only', () => {
    accepted(Origin, 'https://api.example.com');
    accepted(Origin, 'http://localhost:8099');
    rejected(Origin, 'https://api.example.com/', { field: 'value', says: /origin/ });
    rejected(Origin, 'https://api.example.com/v1', { field: 'value' });
    rejected(Origin, 'https://user:pw@api.example.com', { field: 'value' });
    rejected(Origin, 'ftp://files.example.com', { field: 'value' });
    rejected(Origin, 'javascript:alert(1)', { field: 'value' });
  });
  it('accepts http(s) URLs and refuses script URLs', () => {
    accepted(HttpUrl, 'https://docs.example.com/guide?x=1#top');
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>', 'file:///etc/passwd', 'not a url', '//x.example']) {
      rejected(HttpUrl, bad, { field: 'value' });
    }
  });
});

describe('records refuse prototype pollution', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('rejects the key %s', (key) => {
    const input = JSON.parse(`{"${key}": {"polluted": "yes"}, "accept": "text/html"}`) as unknown;
    rejected(HeaderMap, input, { field: 'value', says: /__proto__/ });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('caps the number of entries', () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`x-h${i}`, 'v']));
    rejected(HeaderMap, many, { field: 'value', says: /more than 64 entries/ });
  });
  it('rejects header values that could split a header line', () => {
    rejected(HeaderMap, { accept: 'a\r\nset-cookie: x=1' }, { field: 'accept', says: /line breaks/ });
    rejected(HeaderMap, { 'Bad Name': 'x' }, { field: '["Bad Name"]', says: /header name/ });
  });
  it('lets a caller build its own safe records', () => {
    const schema = safeRecord(z.string(), z.number(), 2);
    expect(accepted(schema, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    rejected(schema, { a: 1, b: 2, c: 3 }, { field: 'value' });
  });
});
