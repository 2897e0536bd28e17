import { expect } from 'vitest';
import type * as z from 'zod/mini';
import { parseOrError, type ErrorCode, type ErrorEnvelope } from '../src/index.js';

/** Parses `input` and asserts it is accepted; returns the parsed value. */
export function accepted<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = parseOrError(schema, input);
  if (!result.ok) throw new Error(`expected acceptance, got: ${result.error.message}`);
  return result.value;
}

/**
 * Asserts `input` is rejected with `code`, and that one reported problem names `field` and
 * (optionally) says `says`. Returns the envelope for further checks.
 */
export function rejected(
  schema: z.ZodMiniType,
  input: unknown,
  expected: { field: string; says?: string | RegExp; code?: ErrorCode },
): ErrorEnvelope {
  const result = parseOrError(schema, input, expected.code ? { code: expected.code } : {});
  expect(result.ok, `expected ${expected.field} to be rejected`).toBe(false);
  if (result.ok) throw new Error('unreachable');
  const { error } = result;
  expect(error.code).toBe(expected.code ?? 'validation_failed');
  const issues = (error.details?.issues ?? []) as string[];
  const match = issues.find((line) => line.startsWith(`${expected.field}: `));
  expect(match, `no problem reported for "${expected.field}" in:\n${issues.join('\n')}`).toBeDefined();
  if (expected.says !== undefined) expect(match).toMatch(expected.says);
  return error;
}
