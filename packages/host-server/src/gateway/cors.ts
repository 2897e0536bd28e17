import { HEADER } from '@extsys/protocol';

/** The methods an extension API call may use. */
export const EXT_API_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Request headers a cross-origin caller may send (the preflight's `access-control-allow-headers`). */
export const CORS_REQUEST_HEADERS: readonly string[] = [
  'authorization',
  'content-type',
  'accept',
  'accept-language',
  HEADER.requestId,
  HEADER.idempotencyKey,
  HEADER.deadline,
];

/** Answer headers a cross-origin caller may read. */
const EXPOSED_HEADERS = [HEADER.requestId, HEADER.retryAfter, HEADER.idempotentReplayed, 'etag', 'location'].join(', ');

/**
 * CORS for extension frames: a sandboxed frame's calls carry `Origin: null`, so `null` is allowed by
 * default; never credentials (the bearer token is the only authentication). Adds the headers to
 * `headers` and says whether the origin is allowed.
 */
export function applyCors(
  origin: string | undefined,
  allowed: ReadonlySet<string>,
  headers: Record<string, string>,
): boolean {
  headers.vary = 'Origin';
  if (origin === undefined || !allowed.has(origin)) return false;
  headers['access-control-allow-origin'] = origin;
  headers['access-control-expose-headers'] = EXPOSED_HEADERS;
  return true;
}

/** The answer to a preflight: 204, with what may be sent when the origin is allowed. */
export function preflightHeaders(origin: string | undefined, allowed: ReadonlySet<string>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (applyCors(origin, allowed, headers)) {
    headers['access-control-allow-methods'] = EXT_API_METHODS.join(', ');
    headers['access-control-allow-headers'] = CORS_REQUEST_HEADERS.join(', ');
    headers['access-control-max-age'] = '600';
  }
  return headers;
}
