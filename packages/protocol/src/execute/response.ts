import * as z from 'zod/mini';
import { FinalHttpStatus, HeaderMap } from '../primitives/http.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export const HandlerLogEntry = z.strictObject({
  level: z.enum(LOG_LEVELS).check(z.describe('The level of the line: `debug`, `info`, `warn` or `error`.')),
  message: z.string().check(z.maxLength(8192), z.describe('The text the handler logged, up to 8192 characters.')),
  atMs: z
    .number()
    .check(z.gte(0), z.describe('When the handler logged it, in milliseconds since the invocation started.')),
});
export type HandlerLogEntry = z.infer<typeof HandlerLogEntry>;

/**
 * The JSON header of a successful `/v1/execute` response frame: the handler ran and answered.
 * The handler's body bytes follow raw. When the runner itself refuses or the handler fails
 * (timeout, trap, memory), the runner answers with that HTTP status and an `ErrorResponse` JSON
 * body instead, so the transport status always tells the outcome.
 */
export const ExecuteResponse = z.strictObject({
  // Never 1xx: see FinalHttpStatus.
  status: FinalHttpStatus.check(z.describe('The HTTP status the handler chose for the end client, from 200 to 599.')),
  headers: HeaderMap.check(
    z.describe(
      "The handler's response headers, names in lower case, at most 64; the gateway forwards only those on its response allowlist.",
    ),
  ),
  logs: z
    .array(HandlerLogEntry)
    .check(z.maxLength(1000), z.describe('The lines the handler logged during the call, in order, at most 1000.')),
  logsTruncated: z
    .boolean()
    .check(z.describe('Whether some log lines were dropped because the handler logged more than the runner keeps.')),
  durationMs: z.number().check(z.gte(0), z.describe('How long the handler ran, in milliseconds.')),
});
export type ExecuteResponse = z.infer<typeof ExecuteResponse>;
