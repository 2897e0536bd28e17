import { describe, expect, it } from 'vitest';
import {
  ExtTokenClaims,
  ExtTokenRequest,
  HANDLER_REQUEST_HEADERS,
  HANDLER_RESPONSE_HEADERS,
  HostViewStateAnswer,
  HostViewStateQuery,
  HostViewStateUpdate,
  IdempotencyKey,
  MAX_TOKEN_TTL_SECONDS,
  TOKEN_AUDIENCE,
} from '../src/index.js';
import { accepted, rejected } from './expect-parse.js';
import { HASH } from './fixtures.js';

const now = 1_790_000_000;
const claims = {
  iss: 'https://host.example.com',
  aud: TOKEN_AUDIENCE,
  sub: 'u1',
  tid: 'tenant-a',
  ext: 'com.acme.hello',
  ins: 'inst_7Qx2',
  ch: HASH,
  jti: 'V1StGXR8_Z5jdHi6B-myT',
  iat: now,
  nbf: now - 30,
  exp: now + 600,
};

describe('extension token claims', () => {
  it('accepts a token bound to user, tenant, extension, install and content hash', () => {
    expect(accepted(ExtTokenClaims, claims)).toEqual(claims);
  });
  it.each([
    [{ aud: 'some-other-service' }, 'aud'],
    [{ exp: now + MAX_TOKEN_TTL_SECONDS + 1 }, 'exp'],
    [{ exp: now - 1 }, 'exp'],
    [{ ext: 'Hello' }, 'ext'],
    [{ tid: 'tenant a' }, 'tid'],
    [{ jti: 'short' }, 'jti'],
    [{ ch: 'sha256:00' }, 'ch'],
    [{ admin: true }, 'admin'],
  ])('rejects %j', (change, field) => {
    rejected(ExtTokenClaims, { ...claims, ...change }, { field });
  });
  it('validates the token request body', () => {
    accepted(ExtTokenRequest, { extensionId: 'com.acme.hello' });
    rejected(ExtTokenRequest, { extensionId: '../admin' }, { field: 'extensionId' });
    rejected(ExtTokenRequest, { extensionId: 'com.acme.hello', tenantId: 't2' }, { field: 'tenantId' });
  });
});

describe('header allowlists', () => {
  it('never let credentials reach a handler', () => {
    for (const name of ['authorization', 'cookie', 'x-forwarded-for', 'host']) {
      expect(HANDLER_REQUEST_HEADERS).not.toContain(name);
    }
    expect(HANDLER_REQUEST_HEADERS).toEqual([
      'content-type',
      'accept',
      'accept-language',
      'x-request-id',
      'idempotency-key',
    ]);
  });
  it('never let a handler set cookies or CORS on the host', () => {
    for (const name of ['set-cookie', 'access-control-allow-origin', 'content-security-policy']) {
      expect(HANDLER_RESPONSE_HEADERS).not.toContain(name);
    }
  });
  it('bounds idempotency keys', () => {
    accepted(IdempotencyKey, 'order-42:attempt-1');
    rejected(IdempotencyKey, 'k'.repeat(129), { field: 'value' });
    rejected(IdempotencyKey, 'a b', { field: 'value' });
  });
});

describe('host view state routes', () => {
  const key = { installId: 'inst_7Qx2', entryPoint: 'customer-records' };

  it('takes a key with an optional route, and a state or null', () => {
    expect(accepted(HostViewStateQuery, key)).toEqual(key);
    accepted(HostViewStateQuery, { ...key, route: '/records/42' });
    accepted(HostViewStateUpdate, { ...key, state: { version: 1, value: { draft: 'x' } } });
    accepted(HostViewStateUpdate, { ...key, route: '/records/42', state: null });
    accepted(HostViewStateAnswer, { state: null });
  });

  it('refuses a bad entry point, route, missing state or a value over the cap', () => {
    rejected(HostViewStateQuery, { ...key, entryPoint: 'Main' }, { field: 'entryPoint' });
    rejected(HostViewStateQuery, { ...key, route: 'records' }, { field: 'route' });
    rejected(HostViewStateUpdate, key, { field: 'state' });
    rejected(
      HostViewStateUpdate,
      { ...key, state: { version: 1, value: 'x'.repeat(64 * 1024) } },
      { field: 'state.value', says: /at most 65536 bytes/ },
    );
  });
});
