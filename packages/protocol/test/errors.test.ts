import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  ERROR_CODES,
  ErrorEnvelope,
  ErrorResponse,
  errorCodeInfo,
  errorEnvelope,
  formatPath,
  parseOrError,
  validationError,
} from '../src/index.js';
import { accepted, rejected } from './expect-parse.js';

describe('error codes', () => {
  it('are unique snake_case names', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('include every code the issues and the design name', () => {
    for (const code of [
      'bundle_hash_mismatch',
      'bundle_signature_invalid',
      'module_invalid',
      'capability_denied',
      'timeout',
      'memory_exceeded',
      'handler_trap',
      'overloaded',
      'extension_not_available',
      'endpoint_not_found',
      'rate_limited',
      'payload_too_large',
      'runner_unavailable',
      'feature_not_granted',
      'connection_destroyed',
      'protocol_incompatible',
    ] as const) {
      expect(ERROR_CODES).toContain(code);
    }
  });

  it('carry the status and retry rule clients rely on', () => {
    expect(errorCodeInfo('timeout')).toEqual({ status: 504, retriable: true });
    expect(errorCodeInfo('rate_limited')).toEqual({ status: 429, retriable: true });
    expect(errorCodeInfo('endpoint_not_found')).toEqual({ status: 404, retriable: false });
    expect(errorCodeInfo('token_expired')).toEqual({ status: 401, retriable: true });
    expect(errorCodeInfo('runner_unavailable')).toEqual({ status: 503, retriable: true });
    for (const code of ERROR_CODES) {
      const { status } = errorCodeInfo(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });
});

describe('error envelope', () => {
  it('is built with the registered status and retriable flag', () => {
    const envelope = errorEnvelope('overloaded', 'The runner is busy; retry in a second.', {
      requestId: 'req_1',
      details: { retryAfterSeconds: 1 },
    });
    expect(envelope).toEqual({
      code: 'overloaded',
      message: 'The runner is busy; retry in a second.',
      retriable: true,
      status: 503,
      requestId: 'req_1',
      details: { retryAfterSeconds: 1 },
    });
    expect(accepted(ErrorResponse, { error: envelope }).error.code).toBe('overloaded');
  });

  it('rejects unknown codes, missing fields and smuggled keys', () => {
    const good = errorEnvelope('internal', 'Something broke.');
    rejected(ErrorEnvelope, { ...good, code: 'kaboom' }, { field: 'code', says: /must be one of/ });
    rejected(
      ErrorEnvelope,
      { code: 'internal', message: 'x' },
      { field: 'retriable', says: /^retriable: is required$/ },
    );
    rejected(ErrorEnvelope, { ...good, message: '' }, { field: 'message', says: /at least 1/ });
    rejected(ErrorEnvelope, { ...good, stack: 'at x' }, { field: 'stack', says: /not a known field/ });
    rejected(ErrorEnvelope, { ...good, status: 200.5 }, { field: 'status' });
    rejected(
      ErrorEnvelope,
      { ...good, details: JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown },
      { field: 'details', says: /__proto__/ },
    );
  });
});

describe('readable validation errors', () => {
  const Schema = z.strictObject({
    ui: z.strictObject({ entry: z.string().check(z.refine((v) => !v.includes('..'), 'must stay inside the bundle')) }),
    items: z.array(z.strictObject({ n: z.int().check(z.gte(1)) })),
    token: z.string().check(z.minLength(20)),
    mode: z.enum(['light', 'dark']),
  });
  const good = { ui: { entry: 'ui/index.html' }, items: [{ n: 1 }], token: 'x'.repeat(20), mode: 'light' };

  it('names the field and echoes the offending value', () => {
    const result = parseOrError(Schema, { ...good, ui: { entry: '../x' } }, { label: 'manifest' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe('ui.entry: must stay inside the bundle, got "../x"');
    expect(result.error.code).toBe('validation_failed');
  });

  it('lists every problem, and counts them in the message', () => {
    const result = parseOrError(Schema, { ...good, items: [{ n: 0 }, { n: 'two' }], mode: 'sepia', extra: 1 });
    if (result.ok) throw new Error('expected failure');
    expect(result.error.details?.issues).toEqual([
      'items[0].n: must be >= 1, got 0',
      'items[1].n: must be a number, got "two"',
      'mode: must be one of "light", "dark", got "sepia"',
      'extra: is not a known field',
    ]);
    expect(result.error.message).toMatch(/^items\[0\]\.n: must be >= 1, got 0 \(and 3 more problems\)$/);
  });

  it('never echoes a secret-looking field', () => {
    const result = parseOrError(Schema, { ...good, token: 'short-secret' });
    if (result.ok) throw new Error('expected failure');
    expect(result.error.message).toBe('token: must have at least 20 characters');
    expect(JSON.stringify(result.error)).not.toContain('short-secret');
  });

  it('uses the caller-chosen code, label and request id', () => {
    const result = parseOrError(Schema, 'nope', { code: 'manifest_invalid', label: 'manifest', requestId: 'r1' });
    if (result.ok) throw new Error('expected failure');
    expect(result.error).toMatchObject({
      code: 'manifest_invalid',
      requestId: 'r1',
      status: 400,
      message: 'manifest: must be an object, got "nope"',
    });
  });

  it('formats paths the way a person writes them', () => {
    expect(formatPath(['api', 'endpoints', 2, 'path'])).toBe('api.endpoints[2].path');
    expect(formatPath(['tokens', 'color-bg'])).toBe('tokens.color-bg');
    expect(formatPath(['headers', 'has space'])).toBe('headers["has space"]');
    expect(formatPath([], 'manifest')).toBe('manifest');
  });

  it('caps the number of listed problems', () => {
    const result = z.array(z.string()).safeParse(Array.from({ length: 30 }, (_, i) => i));
    if (result.success) throw new Error('expected failure');
    const envelope = validationError(result.error);
    expect(envelope.details?.issues).toHaveLength(20);
    expect(envelope.message).toMatch(/and 29 more problems/);
  });
});
