/**
 * Header names and allowlists of the gateway. Lower case, as HTTP/2 and Node present them.
 */
export const HEADER = {
  requestId: 'x-request-id',
  idempotencyKey: 'idempotency-key',
  /** A client may ask for a shorter deadline than the gateway's (milliseconds). */
  deadline: 'x-ext-deadline-ms',
  retryAfter: 'retry-after',
  /** On an answer replayed from an earlier call with the same `Idempotency-Key`: the call was not run again. */
  idempotentReplayed: 'idempotent-replayed',
  /** On a bundle upload: the detached signature file's text, base64url-encoded. */
  bundleSignature: 'x-extsys-signature',
} as const;

/** The only request headers a handler ever sees. Never `authorization`, never `cookie`. */
export const HANDLER_REQUEST_HEADERS: readonly string[] = [
  'content-type',
  'accept',
  'accept-language',
  HEADER.requestId,
  HEADER.idempotencyKey,
];

/** The only handler response headers the gateway passes to the client. */
export const HANDLER_RESPONSE_HEADERS: readonly string[] = [
  'content-type',
  'content-language',
  'cache-control',
  'etag',
  'last-modified',
  'location',
  'retry-after',
];

/** Handler response headers with this prefix pass too (the extension's own headers). */
export const HANDLER_RESPONSE_HEADER_PREFIX = 'x-ext-';

/** Whether the gateway passes a handler's response header to the client. */
export function isForwardedResponseHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return HANDLER_RESPONSE_HEADERS.includes(lower) || lower.startsWith(HANDLER_RESPONSE_HEADER_PREFIX);
}

/** `POST /api/admin/bundles` body: the bundle archive's bytes (its signature in HEADER.bundleSignature). */
export const BUNDLE_CONTENT_TYPE = 'application/vnd.extsys.bundle';

/** The runner's service credential travels as `Authorization: Bearer <RUNNER_SERVICE_TOKEN>`. */
export const SERVICE_AUTH_SCHEME = 'Bearer';
