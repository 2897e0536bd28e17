import * as z from 'zod/mini';
import { FinalHttpStatus, HeaderMap } from '../primitives/http.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export const HandlerLogEntry = z.strictObject({
  level: z.enum(LOG_LEVELS),
  message: z.string().check(z.maxLength(8192)),
  /** Milliseconds since the invocation started. */
  atMs: z.number().check(z.gte(0)),
});
export type HandlerLogEntry = z.infer<typeof HandlerLogEntry>;

/**
 * The JSON header of a successful `/v1/execute` response frame: the handler ran and answered.
 * The handler's body bytes follow raw. When the runner itself refuses or the handler fails
 * (timeout, trap, memory), the runner answers with that HTTP status and an `ErrorResponse` JSON
 * body instead, so the transport status always tells the outcome.
 */
export const ExecuteResponse = z.strictObject({
  /** The status the handler chose for the end client (never 1xx: see FinalHttpStatus). */
  status: FinalHttpStatus,
  /** Handler headers; the gateway forwards only its response allowlist. */
  headers: HeaderMap,
  /** Buffered handler logs (capped; `logsTruncated` says when some were dropped). */
  logs: z.array(HandlerLogEntry).check(z.maxLength(1000)),
  logsTruncated: z.boolean(),
  durationMs: z.number().check(z.gte(0)),
});
export type ExecuteResponse = z.infer<typeof ExecuteResponse>;
