import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HTTP_TIMEOUTS,
  HTTP_TIMEOUT_DESCRIPTIONS,
  HTTP_TIMEOUT_VARIABLES,
  httpTimeoutsFromEnv,
} from '../src/index.js';

describe('httpTimeoutsFromEnv', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(httpTimeoutsFromEnv({})).toEqual({
      ok: true,
      timeouts: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 60_000,
        keepAliveTimeoutMs: 72_000,
        connectionsCheckIntervalMs: 1_000,
      },
    });
    expect(DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs).toBe(10_000);
  });

  it('reads each variable', () => {
    expect(
      httpTimeoutsFromEnv({
        HTTP_HEADERS_TIMEOUT_MS: '300',
        HTTP_REQUEST_TIMEOUT_MS: '900',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '5000',
        HTTP_CONNECTIONS_CHECK_INTERVAL_MS: '50',
      }),
    ).toEqual({
      ok: true,
      timeouts: {
        headersTimeoutMs: 300,
        requestTimeoutMs: 900,
        keepAliveTimeoutMs: 5000,
        connectionsCheckIntervalMs: 50,
      },
    });
  });

  it('refuses a value that is not a whole number of milliseconds, or 0 (which turns the limit off)', () => {
    for (const name of Object.values(HTTP_TIMEOUT_VARIABLES)) {
      for (const value of ['', '0', '-5', '1.5', '10s', '99999999999999999999']) {
        const result = httpTimeoutsFromEnv({ [name]: value });
        expect(result.ok, `${name}=${value}`).toBe(false);
        if (!result.ok) expect(result.problem).toContain(name);
      }
    }
  });

  it('refuses headers allowed longer than the whole request, and a check slower than the headers deadline', () => {
    const longHeaders = httpTimeoutsFromEnv({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '4000' });
    expect(longHeaders.ok).toBe(false);
    if (!longHeaders.ok) expect(longHeaders.problem).toContain('HTTP_HEADERS_TIMEOUT_MS (5000)');
    const slowCheck = httpTimeoutsFromEnv({ HTTP_CONNECTIONS_CHECK_INTERVAL_MS: '20000' });
    expect(slowCheck.ok).toBe(false);
    if (!slowCheck.ok) expect(slowCheck.problem).toContain('HTTP_CONNECTIONS_CHECK_INTERVAL_MS (20000)');
  });
});

describe('HTTP_TIMEOUT_DESCRIPTIONS', () => {
  it('describes every setting, with its default', () => {
    expect(Object.keys(HTTP_TIMEOUT_DESCRIPTIONS).sort()).toEqual(Object.keys(HTTP_TIMEOUT_VARIABLES).sort());
    for (const [key, text] of Object.entries(HTTP_TIMEOUT_DESCRIPTIONS)) {
      expect(text.trim(), key).not.toBe('');
      expect(text, key).toContain(String(DEFAULT_HTTP_TIMEOUTS[key as keyof typeof DEFAULT_HTTP_TIMEOUTS]));
    }
  });
});
