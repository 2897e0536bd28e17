import { parseOrError, type ErrorCode } from '@extsys/protocol';
import type * as z from 'zod/mini';
import { BundleError } from './errors.js';

/**
 * Parses a JSON document the bundle tools read (manifest, signature, trust bundle) — its text,
 * bytes, or already-parsed JSON — and validates it with `schema`. Any problem is one BundleError
 * with `code`, its message prefixed by `source` and naming the field.
 */
export function parseJsonDocument<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  options: { code: ErrorCode; label: string; source: string },
): T {
  let json: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    try {
      const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
      json = JSON.parse(text);
    } catch (error) {
      throw new BundleError(options.code, `${options.source}: not valid UTF-8 JSON (${(error as Error).message})`);
    }
  }
  const parsed = parseOrError(schema, json, { code: options.code, label: options.label });
  if (!parsed.ok) throw BundleError.fromEnvelope(parsed.error, options.source);
  return parsed.value;
}
