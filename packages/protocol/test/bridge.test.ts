import { describe, expect, it } from 'vitest';
import {
  ApiRequest,
  ApiResponse,
  BRIDGE_LIMITS,
  ConfirmRequest,
  ConnectionStateEvent,
  ContextChange,
  EXTENSION_METHODS,
  HOST_METHODS,
  Hello,
  HostContext,
  MountFragment,
  OpenLinkRequest,
  PROTOCOL_VERSION,
  ResizeRequest,
  SDK_FEATURES,
  SUPPORTED_RANGE,
  TimeZone,
  ToastRequest,
  TokenGrant,
  bridgeResult,
  decodeMountFragment,
  encodeMountFragment,
  errorEnvelope,
  negotiateVersion,
} from '../src/index.js';
import { accepted, rejected } from './expect-parse.js';
import { NONCE, TOKEN, hostContext } from './fixtures.js';

describe('mount fragment', () => {
  const fragment = { nonce: NONCE, parentOrigin: 'https://host.example.com:8443', protocol: '1.0', mode: 'dark' };

  it('round-trips through the URL fragment', () => {
    const encoded = encodeMountFragment(accepted(MountFragment, fragment));
    expect(encoded).toBe(`n=${NONCE}&o=https%3A%2F%2Fhost.example.com%3A8443&v=1.0&m=dark`);
    expect(accepted(MountFragment, decodeMountFragment(`#${encoded}`))).toEqual(fragment);
  });

  it('reports what is missing or wrong', () => {
    rejected(MountFragment, decodeMountFragment('#o=https%3A%2F%2Fhost.example.com&v=1.0&m=dark'), {
      field: 'nonce',
      says: /^nonce: is required$/,
    });
    rejected(MountFragment, { ...fragment, parentOrigin: 'null' }, { field: 'parentOrigin' });
    rejected(MountFragment, { ...fragment, parentOrigin: '*' }, { field: 'parentOrigin' });
    rejected(MountFragment, { ...fragment, protocol: '1' }, { field: 'protocol', says: /MAJOR\.MINOR/ });
    rejected(MountFragment, { ...fragment, mode: 'sepia' }, { field: 'mode', says: /one of/ });
  });
});

describe('hello and version negotiation', () => {
  const hello = {
    nonce: NONCE,
    protocol: { min: '1.0', max: '1.3' },
    sdkVersion: '0.4.1',
    features: [...SDK_FEATURES],
  };

  it('accepts a realistic hello', () => {
    expect(accepted(Hello, hello).features).toContain('apiBridge');
    expect(HOST_METHODS.hello.params).toBe(Hello);
  });

  it.each([
    [{ nonce: 'guess' }, 'nonce'],
    [{ protocol: { min: '1.4', max: '1.0' } }, 'protocol'],
    [{ protocol: { min: '1.0' } }, 'protocol.max'],
    [{ sdkVersion: 'latest' }, 'sdkVersion'],
    [{ features: ['theme', 'theme'] }, 'features'],
    [{ features: ['telepathy'] }, 'features[0]'],
    [{ origin: 'https://evil.example' }, 'origin'],
  ])('rejects %j', (change, field) => {
    rejected(Hello, { ...hello, ...change }, { field });
  });

  it('speaks the highest shared minor within one major', () => {
    expect(negotiateVersion({ min: '1.0', max: '1.2' }, { min: '1.0', max: '1.5' })).toEqual({
      ok: true,
      version: '1.2',
    });
    expect(negotiateVersion({ min: '1.0', max: '1.4' }, { min: '1.1', max: '1.1' })).toEqual({
      ok: true,
      version: '1.1',
    });
    expect(negotiateVersion(SUPPORTED_RANGE, { min: '1.0', max: PROTOCOL_VERSION })).toEqual({
      ok: true,
      version: PROTOCOL_VERSION,
    });
  });

  it('refuses another major with advice for the right side', () => {
    const newer = negotiateVersion({ min: '1.0', max: '1.2' }, { min: '2.0', max: '2.1' });
    expect(newer).toMatchObject({ ok: false, reason: expect.stringMatching(/upgrade the host bridge/) as unknown });
    const older = negotiateVersion({ min: '2.0', max: '2.0' }, { min: '1.0', max: '1.9' });
    expect(older).toMatchObject({ ok: false, reason: expect.stringMatching(/newer @extsys\/ext-sdk/) as unknown });
  });

  it('refuses an SDK that only speaks minors the host dropped', () => {
    expect(negotiateVersion({ min: '1.3', max: '1.4' }, { min: '1.0', max: '1.2' }).ok).toBe(false);
  });
});

describe('host context', () => {
  it('accepts a realistic context', () => {
    const context = accepted(HostContext, hostContext());
    expect(context.theme.tokens['color-primary']).toBe('#22c55e');
    expect(HOST_METHODS.hello.result).toBe(HostContext);
  });

  it('takes an optional IANA time zone (protocol 1.1), bounded', () => {
    const { timeZone: _, ...older } = hostContext();
    accepted(HostContext, older); // a 1.0 host sends none
    for (const zone of ['Europe/Paris', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5', 'America/Port-au-Prince'])
      expect(accepted(TimeZone, zone)).toBe(zone);
    for (const timeZone of ['', '/Paris', 'Europe/', 'Europe//Paris', '../etc/passwd', 'Europe/Paris\n', 'A/b/c/d'])
      rejected(ContextChange, { timeZone }, { field: 'timeZone', says: /IANA time zone/ });
    rejected(ContextChange, { timeZone: `Europe/${'x'.repeat(64)}` }, { field: 'timeZone', says: /64/ });
  });

  it.each([
    ['theme with smuggled CSS', (c) => (c.theme.tokens['color-bg'] = 'red;x:url(y)'), 'theme.tokens.color-bg'],
    ['token with a space', (c) => (c.auth.token = 'Bearer abcdefghijklmnop'), 'auth.token'],
    ['negative ttl', (c) => (c.auth.ttlMs = -1), 'auth.ttlMs'],
    ['gateway script URL', (c) => (c.gateway.baseUrl = 'javascript:alert(1)'), 'gateway.baseUrl'],
    ['unknown transport', (c) => (c.gateway.transport = 'carrier-pigeon' as 'direct'), 'gateway.transport'],
    ['initial path traversal', (c) => (c.initialPath = '/../../admin'), 'initialPath'],
    ['unknown host feature', (c) => (c.hostFeatures = ['camera' as 'toast']), 'hostFeatures[0]'],
    ['bad locale', (c) => (c.locale = 'en_GB'), 'locale'],
    ['bad direction', (c) => (c.direction = 'ttb' as 'ltr'), 'direction'],
    ['time zone that is not an IANA name', (c) => (c.timeZone = 'GMT +2'), 'timeZone'],
    ['bad content hash', (c) => (c.extension.contentHash = 'sha256:abc'), 'extension.contentHash'],
    ['oversize tenant name', (c) => (c.tenant.displayName = 't'.repeat(121)), 'tenant.displayName'],
  ] as [string, (c: HostContext) => void, string][])('rejects %s', (_name, change, field) => {
    const context = hostContext();
    change(context);
    rejected(HostContext, context, { field });
  });

  it('never echoes the token in an error', () => {
    const context = hostContext();
    context.auth.token = `${TOKEN} `;
    const error = rejected(HostContext, context, { field: 'auth.token' });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

describe('extension → host payloads', () => {
  it('validates UI service requests and fills defaults', () => {
    expect(accepted(ToastRequest, { message: 'Saved' })).toEqual({ message: 'Saved', tone: 'info' });
    expect(accepted(ConfirmRequest, { title: 'Delete?', message: 'This cannot be undone.' }).tone).toBe('default');
    rejected(ToastRequest, { message: 'x'.repeat(501) }, { field: 'message', says: /at most 500/ });
    rejected(ToastRequest, { message: 'hi', tone: 'rainbow' }, { field: 'tone' });
    rejected(ToastRequest, { message: 'hi', html: '<b>' }, { field: 'html', says: /not a known field/ });
    rejected(OpenLinkRequest, { url: 'javascript:alert(document.cookie)' }, { field: 'url' });
    rejected(ResizeRequest, { height: Number.NaN }, { field: 'height' });
    rejected(ResizeRequest, { height: -1 }, { field: 'height' });
  });

  it('carries API bodies as bytes, never base64 strings', () => {
    const request = {
      id: 'call_1',
      method: 'POST',
      path: '/items?draft=1',
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"name":"x"}'),
      timeoutMs: 5000,
    };
    expect(accepted(ApiRequest, request).body).toBeInstanceOf(Uint8Array);
    rejected(ApiRequest, { ...request, body: 'eyJuYW1lIjoieCJ9' }, { field: 'body', says: /Uint8Array/ });
    rejected(ApiRequest, { ...request, path: '/%2e%2e/%2e%2e/api/admin' }, { field: 'path' });
    rejected(ApiRequest, { ...request, method: 'CONNECT' }, { field: 'method' });
    rejected(
      ApiRequest,
      { ...request, headers: { authorization: 'Bearer x', 'bad header': 'x' } },
      {
        field: 'headers["bad header"]',
      },
    );
    rejected(
      ApiRequest,
      { ...request, body: new Uint8Array(BRIDGE_LIMITS.maxApiBodyBytes + 1) },
      { field: 'body', says: /at most/ },
    );
    accepted(ApiResponse, { status: 201, headers: { etag: '"v2"' }, body: new Uint8Array(0), requestId: 'req_9' });
    rejected(ApiResponse, { status: 99, headers: {}, body: new Uint8Array(0) }, { field: 'status' });
  });
});

describe('host → extension payloads', () => {
  it('validates every method the extension exposes', () => {
    expect(Object.keys(EXTENSION_METHODS).sort()).toEqual([
      'beforeUnmount',
      'connectionState',
      'contextChanged',
      'navigate',
      'subjectChanged',
      'themeChanged',
      'tokenChanged',
      'visibilityChanged',
    ]);
    accepted(EXTENSION_METHODS.themeChanged.params, hostContext().theme);
    accepted(EXTENSION_METHODS.tokenChanged.params, { token: TOKEN, ttlMs: 1000 });
    accepted(EXTENSION_METHODS.navigate.params, { path: '/records/7' });
    accepted(ConnectionStateEvent, { state: 'reconnecting', reason: 'The frame reloaded.' });
    rejected(EXTENSION_METHODS.navigate.params, { path: 'https://evil.example' }, { field: 'path' });
    rejected(TokenGrant, { token: TOKEN }, { field: 'ttlMs' });
    rejected(ConnectionStateEvent, { state: 'zombie' }, { field: 'state' });
    expect(EXTENSION_METHODS.contextChanged.params).toBe(ContextChange);
    accepted(ContextChange, { locale: 'ar-EG', direction: 'rtl', timeZone: 'Africa/Cairo' });
    accepted(ContextChange, { timeZone: 'Asia/Tokyo' });
    rejected(ContextChange, { timeZone: 'Tokyo time' }, { field: 'timeZone' });
    rejected(ContextChange, { locale: 'en_GB' }, { field: 'locale' });
    rejected(ContextChange, { displayMode: 'fullscreen' }, { field: 'displayMode' });
  });

  it('answers every method with a result envelope that keeps the error code', () => {
    const Result = bridgeResult(HOST_METHODS.confirm.result);
    expect(accepted(Result, { ok: true, value: { confirmed: true } })).toEqual({
      ok: true,
      value: { confirmed: true },
    });
    const failure = { ok: false, error: errorEnvelope('feature_not_granted', 'The host did not grant "confirm".') };
    expect(accepted(Result, failure)).toEqual(failure);
    rejected(Result, { ok: 'yes' }, { field: 'ok', says: /one of true, false/ });
    rejected(Result, { ok: true, value: { confirmed: 'yes' } }, { field: 'value.confirmed' });
  });
});
