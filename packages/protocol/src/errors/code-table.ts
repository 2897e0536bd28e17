// The error code table without zod, so the ext SDK can read it without the schemas.
/**
 * The one list of error codes shared by the bridge, the SDK, the gateway and the runner, grouped
 * by the HTTP status each travels with. Codes in `RETRIABLE_CODES` may be retried unchanged.
 * (Kept as compact lists rather than one object per code: this table ships in every extension.)
 *
 * STABILITY: a code is part of the public contract. Hosts, extensions and dashboards match on it.
 * Adding a code is a minor change. Renaming or removing a code, or changing its status or
 * retriable flag, is a BREAKING change: it needs a new major protocol version (see bridge/version.ts).
 */
const CODES_BY_STATUS = {
  400: [
    'bad_request',
    'validation_failed',
    'path_invalid',
    'content_hash_invalid',
    'manifest_invalid',
    // bridge: no HTTP exchange happens; the status is what a host logs
    'protocol_incompatible',
    'handshake_failed',
    'message_rejected',
  ],
  401: ['unauthenticated', 'token_invalid', 'token_expired', 'service_auth_invalid'],
  403: [
    'forbidden',
    'tenant_mismatch',
    'extension_mismatch',
    'capability_denied',
    'egress_denied',
    'feature_not_granted',
    'link_not_allowed',
  ],
  404: [
    'not_found',
    'endpoint_not_found',
    'extension_not_available',
    'install_not_found',
    'bundle_not_found',
    'asset_not_found',
  ],
  405: ['method_not_allowed'],
  /** The client did not send its whole request in time (a slow or stalled client). */
  408: ['request_timeout'],
  409: ['conflict', 'version_conflict', 'idempotency_conflict'],
  410: ['connection_destroyed'],
  413: ['payload_too_large', 'bundle_too_large'],
  415: ['unsupported_media_type'],
  416: ['range_not_satisfiable'],
  422: [
    'bundle_invalid',
    'bundle_hash_mismatch',
    'bundle_signature_missing',
    'bundle_signature_invalid',
    'bundle_signer_untrusted',
  ],
  /** `tenant_busy`: one tenant already has as many calls queued or in flight as it may. */
  429: ['quota_exceeded', 'rate_limited', 'tenant_busy'],
  /** The request line or headers are larger than the server reads. */
  431: ['headers_too_large'],
  /** The caller gave up (abort signal); nginx's "client closed request". */
  499: ['aborted'],
  500: ['internal', 'module_invalid', 'handler_trap', 'memory_exceeded', 'response_too_large'],
  502: ['bad_gateway'],
  503: ['overloaded', 'runner_unavailable', 'bundle_store_unavailable', 'connection_lost'],
  /** `queue_timeout`: the call waited for an engine worker past its deadline and never ran. */
  504: ['timeout', 'handshake_timeout', 'queue_timeout'],
} as const;

export type ErrorCodeName = (typeof CODES_BY_STATUS)[keyof typeof CODES_BY_STATUS][number];

const RETRIABLE_CODES: ReadonlySet<ErrorCodeName> = new Set<ErrorCodeName>([
  'token_expired',
  'rate_limited',
  'tenant_busy',
  'request_timeout',
  'bad_gateway',
  'overloaded',
  'runner_unavailable',
  'bundle_store_unavailable',
  'connection_lost',
  'timeout',
  'handshake_timeout',
  'queue_timeout',
]);

export const ERROR_CODES = Object.values(CODES_BY_STATUS).flat() as [ErrorCodeName, ...ErrorCodeName[]];

const STATUS_OF = new Map<string, number>(
  Object.entries(CODES_BY_STATUS).flatMap(([status, codes]) => codes.map((code) => [code, Number(status)] as const)),
);

/** The HTTP status and retry rule registered for a code. */
export function errorCodeInfo(code: ErrorCodeName): { status: number; retriable: boolean } {
  return { status: STATUS_OF.get(code) ?? 500, retriable: RETRIABLE_CODES.has(code) };
}
