import * as z from 'zod/mini';

/**
 * The one list of error codes shared by the bridge, the SDK, the gateway and the runner, each with
 * the HTTP status it travels with and whether a client may retry it unchanged.
 *
 * STABILITY: a code is part of the public contract. Hosts, extensions and dashboards match on it.
 * Adding a code is a minor change. Renaming or removing a code, or changing its status or
 * retriable flag, is a BREAKING change: it needs a new major protocol version (see bridge/version.ts).
 */
export const ERROR_CODE_INFO = {
  // request shape
  bad_request: { status: 400, retriable: false },
  validation_failed: { status: 400, retriable: false },
  path_invalid: { status: 400, retriable: false },
  content_hash_invalid: { status: 400, retriable: false },
  manifest_invalid: { status: 400, retriable: false },
  method_not_allowed: { status: 405, retriable: false },
  payload_too_large: { status: 413, retriable: false },
  unsupported_media_type: { status: 415, retriable: false },
  // identity and permission
  unauthenticated: { status: 401, retriable: false },
  token_invalid: { status: 401, retriable: false },
  token_expired: { status: 401, retriable: true },
  service_auth_invalid: { status: 401, retriable: false },
  forbidden: { status: 403, retriable: false },
  tenant_mismatch: { status: 403, retriable: false },
  extension_mismatch: { status: 403, retriable: false },
  capability_denied: { status: 403, retriable: false },
  egress_denied: { status: 403, retriable: false },
  feature_not_granted: { status: 403, retriable: false },
  link_not_allowed: { status: 403, retriable: false },
  // lookup
  not_found: { status: 404, retriable: false },
  endpoint_not_found: { status: 404, retriable: false },
  extension_not_available: { status: 404, retriable: false },
  install_not_found: { status: 404, retriable: false },
  bundle_not_found: { status: 404, retriable: false },
  asset_not_found: { status: 404, retriable: false },
  // state
  conflict: { status: 409, retriable: false },
  version_conflict: { status: 409, retriable: false },
  idempotency_conflict: { status: 409, retriable: false },
  quota_exceeded: { status: 429, retriable: false },
  rate_limited: { status: 429, retriable: true },
  // bundles
  bundle_invalid: { status: 422, retriable: false },
  bundle_too_large: { status: 413, retriable: false },
  bundle_hash_mismatch: { status: 422, retriable: false },
  bundle_signature_missing: { status: 422, retriable: false },
  bundle_signature_invalid: { status: 422, retriable: false },
  bundle_signer_untrusted: { status: 422, retriable: false },
  bundle_store_unavailable: { status: 503, retriable: true },
  // execution
  module_invalid: { status: 500, retriable: false },
  handler_trap: { status: 500, retriable: false },
  memory_exceeded: { status: 500, retriable: false },
  response_too_large: { status: 500, retriable: false },
  timeout: { status: 504, retriable: true },
  overloaded: { status: 503, retriable: true },
  runner_unavailable: { status: 503, retriable: true },
  bad_gateway: { status: 502, retriable: true },
  internal: { status: 500, retriable: false },
  // bridge (no HTTP exchange happens; the status is what a host would log)
  protocol_incompatible: { status: 400, retriable: false },
  handshake_failed: { status: 400, retriable: false },
  handshake_timeout: { status: 504, retriable: true },
  message_rejected: { status: 400, retriable: false },
  connection_lost: { status: 503, retriable: true },
  connection_destroyed: { status: 410, retriable: false },
  aborted: { status: 499, retriable: false },
} as const satisfies Record<string, { status: number; retriable: boolean }>;

type Code = keyof typeof ERROR_CODE_INFO;
export const ERROR_CODES = Object.keys(ERROR_CODE_INFO) as [Code, ...Code[]];
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;
