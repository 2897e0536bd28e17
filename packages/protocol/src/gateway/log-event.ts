import * as z from 'zod/mini';
import { ErrorCode } from '../errors/codes.js';
import { LOG_LEVELS } from '../execute/response.js';
import { EndpointPath } from '../manifest/endpoint-path.js';
import { HttpMethod, HttpStatus } from '../primitives/http.js';
import { ContentHash, ExtensionId, InstallId, RequestId, SemVer, TenantId } from '../primitives/ids.js';

/**
 * Bounds of one invocation event. The runner fits every event within them (dropping log lines from
 * the end, then shortening the error text) and says so with `logsTruncated`; the gateway drops,
 * and counts, anything larger that reaches it.
 */
export const LOG_EVENT_LIMITS = {
  /** The whole event as JSON (UTF-8 bytes). */
  maxEventBytes: 64 * 1024,
  /** Lines kept per invocation (the runner buffers up to 1000 and 64 KB per call). */
  maxLines: 200,
  /** Characters of one line's message (longer ones are cut, with an ellipsis). */
  maxLineChars: 4096,
  /** Characters of a handler's error message, and of its stack. */
  maxErrorChars: 4096,
} as const;

/**
 * An event id: `{boot}-{sequence}`, where `boot` is random per runner process. Ids of one runner
 * process grow; a runner restarted mints a new boot, so an id from its previous life is never
 * mistaken for a position in the new one.
 */
export const LogEventId = z
  .string()
  .check(z.minLength(3), z.maxLength(64), z.regex(/^[A-Za-z0-9_]+-\d+$/, 'must look like "{boot}-{sequence}"'));
export type LogEventId = z.infer<typeof LogEventId>;

export const InvocationLogLine = z.strictObject({
  level: z.enum(LOG_LEVELS),
  /** With every install secret masked (`[secret]`, see the runner's secret-mask.ts). */
  message: z.string().check(z.maxLength(LOG_EVENT_LIMITS.maxLineChars)),
  /** Milliseconds since the handler started. */
  atMs: z.number().check(z.gte(0)),
});
export type InvocationLogLine = z.infer<typeof InvocationLogLine>;

/**
 * One handler invocation as its author sees it: who called what, how it ended, and what the handler
 * logged. Published by the runner for every `/v1/execute` call it could read (success, refusal,
 * trap, timeout, memory), streamed by the gateway to authorised readers only (tenant admins for
 * their tenant, publishers for their extensions, the platform admin). The extension's caller never
 * sees any of it.
 */
export const InvocationEvent = z.strictObject({
  id: LogEventId,
  /** When the call ended (ISO 8601, UTC). */
  time: z.string().check(z.maxLength(40)),
  tenantId: TenantId,
  extensionId: ExtensionId,
  installId: InstallId,
  version: SemVer,
  contentHash: ContentHash,
  requestId: RequestId,
  method: HttpMethod,
  /** The path below `/api/ext/{extensionId}`, without the query. */
  path: z.string().check(z.maxLength(2048)),
  /** The manifest endpoint's handler name and path pattern. */
  handler: z.string().check(z.maxLength(128)),
  route: EndpointPath,
  /** The status the extension's caller received: the handler's own, or the refusal's. */
  status: HttpStatus,
  /** Absent when the handler answered; the stable code of the refusal or failure otherwise. */
  errorCode: z.optional(ErrorCode),
  /** The runner's message for that code (the caller received the same text). */
  errorMessage: z.optional(z.string().check(z.maxLength(LOG_EVENT_LIMITS.maxErrorChars))),
  /**
   * What a handler that threw said, secrets masked: its message and stack (source-mapped for js@1).
   * Authors need it; only authorised readers see it — never the extension's caller.
   */
  handlerError: z.optional(
    z.strictObject({
      message: z.string().check(z.maxLength(LOG_EVENT_LIMITS.maxErrorChars)),
      stack: z.optional(z.string().check(z.maxLength(LOG_EVENT_LIMITS.maxErrorChars))),
    }),
  ),
  /** The runner's time for the call, queue wait included. */
  durationMs: z.number().check(z.gte(0)),
  /** Answered from an earlier call with the same idempotency key: the handler did not run again. */
  replayed: z.optional(z.boolean()),
  logs: z.array(InvocationLogLine).check(z.maxLength(LOG_EVENT_LIMITS.maxLines)),
  /** Some lines were dropped or cut (by the runner's per-call buffer or this event's bounds). */
  logsTruncated: z.boolean(),
});
export type InvocationEvent = z.infer<typeof InvocationEvent>;

/** The SSE event names of a log stream (`event:` field). */
export const LOG_STREAM_EVENT = {
  /** `data`: an InvocationEvent; the SSE `id` is the event's id (send it back as `Last-Event-ID`). */
  invocation: 'invocation',
  /** `data`: a LogStreamNotice: events this reader did not receive, and why. */
  skipped: 'skipped',
} as const;

/**
 * Why events were left out of a stream: `rate` (more per second than a stream carries), `slow_reader`
 * (the reader did not keep up and the server would not buffer more), `too_large` (an event over
 * `maxEventBytes`), `gap` (the `Last-Event-ID` asked for is no longer in the backlog, or is from a
 * runner's earlier life: some events in between may be lost; `skipped` is then what is known).
 */
export const LogStreamNotice = z.strictObject({
  skipped: z.int().check(z.gte(0)),
  reason: z.enum(['rate', 'slow_reader', 'too_large', 'gap']),
});
export type LogStreamNotice = z.infer<typeof LogStreamNotice>;

const digits = z.pipe(
  z.string().check(z.regex(/^\d{1,6}$/, 'must be a whole number')),
  z.transform((value) => Number(value)),
);

/**
 * The filters of `GET /api/logs` and `GET /api/logs/stream` (query parameters). Every filter narrows
 * what the caller may see anyway; none widens it.
 */
export const LogEventQuery = z.strictObject({
  extension: z.optional(ExtensionId),
  tenant: z.optional(TenantId),
  requestId: z.optional(RequestId),
  /** Only events at or after this time (ISO 8601). */
  since: z.optional(z.iso.datetime({ offset: true })),
  /** `GET /api/logs` only: at most this many of the newest matching events (default 100). */
  limit: z.optional(z.pipe(digits, z.int().check(z.gte(1), z.lte(1000)))),
});
export type LogEventQuery = z.input<typeof LogEventQuery>;

/** `GET /api/logs`: the backlog's matching events, oldest first. */
export const LogEventList = z.strictObject({
  events: z.array(InvocationEvent),
  /** More events matched than `limit`; the oldest were left out. */
  truncated: z.boolean(),
});
export type LogEventList = z.infer<typeof LogEventList>;

export const LOG_ROUTES = {
  /** The gateway's JSON listing of the backlog. */
  list: '/api/logs',
  /** The gateway's SSE stream: backlog (or from `Last-Event-ID`), then live. */
  stream: '/api/logs/stream',
  /** The runner's SSE stream of every invocation, for the gateway (service credential). */
  runnerEvents: '/v1/events',
} as const;
