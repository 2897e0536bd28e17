import type * as z from 'zod/mini';
import type { ErrorCode } from './codes.js';
import { errorEnvelope, type ErrorEnvelope } from './envelope.js';
import { describeIssues, formatPath, MAX_LISTED_ISSUES, type Issue } from './issues.js';

export { describeIssues, formatPath };

/**
 * Turns a zod failure into the system's error envelope: the first problem in `message`, every
 * problem (up to 20) in `details.issues`, each naming its field.
 */
export function validationError(
  error: { issues: readonly Issue[] },
  options: { code?: ErrorCode; label?: string; requestId?: string } = {},
): ErrorEnvelope {
  const lines = describeIssues(error.issues, options.label);
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : '';
  return errorEnvelope(options.code ?? 'validation_failed', `${lines[0] ?? 'invalid input'}${more}`, {
    ...(options.requestId !== undefined ? { requestId: options.requestId } : {}),
    details: { issues: lines.slice(0, MAX_LISTED_ISSUES) },
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };

/** Parse with a schema and get either the value or a readable envelope; never throws. */
export function parseOrError<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  options: { code?: ErrorCode; label?: string; requestId?: string } = {},
): Parsed<T> {
  // Valid input first, without parse options: zod takes its fast path (0.2 µs for a small object
  // on a fast machine, against 5-9 µs with `reportInput`, which the host paid on every bridge call).
  // Only a refusal is parsed again with the input reported, for the readable message.
  const fast = schema.safeParse(input);
  if (fast.success) return { ok: true, value: fast.data };
  const result = schema.safeParse(input, { reportInput: true });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: validationError(result.error, options) };
}
