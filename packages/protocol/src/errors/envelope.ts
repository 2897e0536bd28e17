import * as z from 'zod/mini';
import { HttpStatus } from '../primitives/http.js';
import { RequestId } from '../primitives/ids.js';
import { safeRecord } from '../primitives/schema-builders.js';
import { ErrorCode, errorCodeInfo } from './codes.js';

/** Structured, non-secret details an error may carry: field issues, limits, a retry delay. */
const DetailValue = z.union([
  z.string().check(z.maxLength(2048)),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string().check(z.maxLength(2048)), z.number()])).check(z.maxLength(50)),
]);
export const ErrorDetails = safeRecord(z.string().check(z.maxLength(64)), DetailValue, 32);
export type ErrorDetails = z.infer<typeof ErrorDetails>;

/**
 * The one error shape of the system. `message` is for a person and may change; `code` is for code
 * and never does. Secrets and upstream bodies never go into either.
 */
export const ErrorEnvelope = z.strictObject({
  code: ErrorCode,
  message: z.string().check(z.minLength(1), z.maxLength(2048)),
  requestId: z.optional(RequestId),
  retriable: z.boolean(),
  status: z.optional(HttpStatus),
  details: z.optional(ErrorDetails),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** What every HTTP refusal of the gateway and the runner answers: `{error: {code, message, ...}}`. */
export const ErrorResponse = z.strictObject({ error: ErrorEnvelope });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** Builds an envelope with the code's registered status and retriable flag. */
export function errorEnvelope(
  code: ErrorCode,
  message: string,
  extra: { requestId?: string; details?: ErrorDetails; retriable?: boolean } = {},
): ErrorEnvelope {
  const info = errorCodeInfo(code);
  const envelope: ErrorEnvelope = { code, message, retriable: extra.retriable ?? info.retriable, status: info.status };
  if (extra.requestId !== undefined) envelope.requestId = extra.requestId;
  if (extra.details !== undefined) envelope.details = extra.details;
  return envelope;
}
