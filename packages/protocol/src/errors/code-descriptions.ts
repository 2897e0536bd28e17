// What each error code means, who answers it and what the caller does: the reference pages of the
// documentation are generated from it. A module of its own, apart from code-table.ts: the table
// ships in every extension, these sentences never do (nothing the ext SDK imports reaches them).
import type { ErrorCodeName } from './code-table.js';
import type { ErrorEnvelope } from './envelope.js';

/** One or two sentences per error code: its meaning, which component answers it, what to do. */
export const ERROR_CODE_DESCRIPTIONS: Readonly<Record<ErrorCodeName, string>> = Object.freeze({
  // 400
  bad_request:
    'The request is malformed in a way no more specific code covers: not valid HTTP or JSON, an invalid `/v1/execute` frame, a malformed `Idempotency-Key`, an invalid option or argument. Answered by the gateway, the runner and the services, and raised by the bridge, the bundle tools and the CLI; fix the request, as sending it unchanged is refused again.',
  validation_failed:
    'A value does not match its schema: `message` names the first field at fault and `details.issues` lists up to 20 problems. Raised wherever input is validated (the gateway admin API, the runner for storage keys, the bridge for `setTheme`, handlers parsing a JSON body, the bundle tools for a trust bundle); correct the named fields and send again.',
  path_invalid:
    'A path is not acceptable: not relative, with `..`, hidden or empty segments or backslashes, or with malformed percent-encoding. Raised by the gateway, the runner and the services for request URLs, by the bridge and the ext SDK for `navigate()` and API paths, and by the bundle tools for the files they pack; fix the path.',
  content_hash_invalid:
    'A content hash is not `sha256:` followed by 64 lower-case hex digits. Raised by the runner for extension page URLs, by the bridge when it builds an extension page URL and by the bundle tools; pass the hash exactly as the published version gives it.',
  manifest_invalid:
    'A manifest, or the `ui` part of it a host gives the bridge, does not match manifest v2; `details.issues` names each field at fault. Raised by the bundle tools and the CLI when reading `manifest.json` and by the bridge when mounting an extension; fix the manifest and build again.',
  protocol_incompatible:
    "The host and the extension's SDK speak different major protocol versions, so no session is possible. The bridge answers the extension's `hello` with it and the ext SDK rejects `connect()` with it; upgrade the side the message names.",
  handshake_failed:
    "The handshake between host and extension page was refused: the page was not opened with a valid mount fragment, did not present its mount's nonce, or a newer `hello` replaced it. Raised by the ext SDK and the bridge; open the extension page only through the host's mount, never directly.",
  message_rejected:
    'A bridge message was dropped: an unknown method, a wrong number of arguments, an argument that fails its schema, a message over the size limit, or a malformed answer. Raised by the bridge for what the extension sends and by the ext SDK for what the host sends; fix the sender, as the same message is refused again.',
  // 401
  unauthenticated:
    'No credential was presented, or none the service recognises: an extension API call without `Authorization: Bearer <token>`, an admin or session route without a login or admin token, a wrong password, or a host whose `getToken()` failed. Answered by the gateway, the bridge and the CLI; log in or obtain a token, then try again.',
  token_invalid:
    'The extension token cannot be accepted: not a Bearer JWT, signed by an unknown or wrong key, of another issuer or audience, without an expiry, or not valid yet. Answered by the gateway; sending the same token again is refused again, so ask the host for a new one.',
  token_expired:
    "The extension token's `exp` has passed, beyond the allowed clock leeway. Answered by the gateway; retriable: get a fresh token from the host (the bridge refreshes tokens itself) and send the call again.",
  service_auth_invalid:
    "A call to the runner's service routes (`POST /v1/execute`, `GET /v1/events`) did not present the gateway's service credential, or the runner has no `RUNNER_SERVICE_TOKEN`, which turns those routes off. Answered by the runner; give the gateway and the runner the same secret.",
  // 403
  forbidden:
    "The caller is known but not allowed to do this: a publisher credential outside its extensions, a user who is not an administrator, a cross-site request, an extension page origin that is not the extension's, or `/metrics` without its token. Answered by the gateway, the runner and the bridge (the CLI passes it on); use a credential that covers the action.",
  tenant_mismatch:
    'The credential belongs to another tenant than the resource: a tenant administrator managing installs or reading logs of another tenant, or an extension token of another tenant. Answered by the gateway; use a credential of the tenant concerned.',
  extension_mismatch:
    'The extension token is for another extension or another install than the one addressed, or the bundle the runner found belongs to another extension than the call names. Answered by the gateway and the runner; ask the host for a token of this extension.',
  capability_denied:
    "A handler used a host call (storage, secrets, `http.fetch`, the user, logging) whose capability the install does not grant. The runner returns it to the handler as the call's result, and left uncaught it becomes the handler's 403 answer; declare the capability in the manifest and have the install grant it.",
  egress_denied:
    "A handler's `http.fetch` was refused: the origin is not both in the manifest's `http.allow` and in the install's egress list, the name resolves to a private address, or a redirect leads to an origin not allowed. The runner returns it to the handler (left uncaught it becomes the handler's 403 answer); allow the origin in the manifest and in the install.",
  feature_not_granted:
    "The extension used a host feature the host did not grant (`toast`, `confirm`, `navigate`, `openLink`, `setTitle`, or the bridge's API transport). Refused by the ext SDK without a round trip, or by the bridge; check `supports(feature)` first and list the feature in the manifest's `ui.hostFeatures`.",
  link_not_allowed:
    "`openLink` was refused: the URL is not an absolute http(s) URL, carries credentials, or its origin is not on the host's link allowlist. Answered by the bridge; open only links the host allows.",
  // 404
  not_found:
    'Nothing exists at this address: an unknown route or file, an unpublished version, an unknown publisher, or a record a handler does not have. Answered by the gateway, the runner and the services for their routes, by handlers for their own resources and by the bundle CLI for missing files; check the path or the identifier.',
  endpoint_not_found:
    "The extension's manifest declares no endpoint for this method and path, or a typed API client's contract has no endpoint of that name. Answered by the gateway, the runner and handler routers, and raised by the ext SDK's contract client; call an endpoint the manifest declares.",
  extension_not_available:
    'The extension is not installed and enabled for this tenant, or the install or content hash in the token no longer matches (disabled, removed, or upgraded to a version with another UI). Answered by the gateway; reload the page to mount the current version, or have a tenant administrator install and enable it.',
  install_not_found:
    "No install has this id. Answered by the gateway's admin API; list the installs to find a valid id.",
  bundle_not_found:
    'The bundle store has no bundle with this content hash, or the bundle is not one of the extension named in the URL. Answered by the runner (and the bundle CLI for a missing bundle file); publish the bundle, or use the content hash of a published version.',
  asset_not_found:
    "The extension's bundle has no UI, or no file at this path in its UI folder. Answered by the runner when it serves extension pages; check the path against the bundle's files.",
  // 405
  method_not_allowed:
    'The path exists but not for this HTTP method, or the method is not one extension APIs accept. Answered by the gateway and by handler routers; use a method the endpoint declares.',
  // 408
  request_timeout:
    "The client did not send its request line and headers, or its whole request, within the service's HTTP timeouts; the connection is closed. Answered by the HTTP layer of the gateway and the runner; retriable: send the request again.",
  // 409
  conflict:
    "The operation clashes with the current state: a handler's storage writes kept colliding with concurrent calls (nothing was written), a duplicate install, an API call id already in flight, or a file that already exists. Answered by the runner, the gateway, the bridge and the bundle CLI; read the current state again before deciding to retry.",
  version_conflict:
    'This version is already published with other contents (published versions are immutable), or a handler found its record changed by someone else. Answered by the gateway when publishing (the CLI explains it) and by handlers for their own updates; publish under a new version, or reload and apply the change again.',
  idempotency_conflict:
    'The `Idempotency-Key` was already used, while its stored answer is kept, for a different request of the same tenant and extension. Answered by the runner through the gateway; use a new key for a new request.',
  // 410
  connection_destroyed:
    'The bridge was closed on purpose (the host unmounted the extension, or the page called `destroy()`), so the call cannot be made. Raised by the bridge and the ext SDK; mount or connect again if the extension is still needed.',
  // 413
  payload_too_large:
    "The request body is larger than the limit (the gateway's `EXT_GATEWAY_MAX_BODY_BYTES`, a service's body limit, or the bridge's API body limit). Answered by the gateway and the services, and refused before sending by the ext SDK and the bridge; send a smaller body.",
  bundle_too_large:
    'A bundle is over its size or file-count limit, when the bundle tools pack it or when the runner fetches and extracts it (`MAX_BUNDLE_BYTES`). Make the bundle smaller, or have the operator raise the limit.',
  // 415
  unsupported_media_type:
    "The body's `Content-Type` is not one the route accepts (the frame type of `/v1/execute`, the bundle type of uploads, or the JSON a handler expects). Answered by the runner, the gateway and handlers; send the body with the content type the message names.",
  // 416
  range_not_satisfiable:
    'A `Range` request lies outside the file. Answered by the runner when it serves extension page files; ask for a range within the size given in `Content-Range`.',
  // 422
  bundle_invalid:
    "The bundle's files are not acceptable: duplicated or clashing entries, entries that are not regular files or that resolve outside their folder, a file the manifest names but the bundle lacks, or a file that changed while it was packed. Raised by the bundle tools and the CLI, and by the gateway for an uploaded bundle; fix the files and pack again.",
  bundle_hash_mismatch:
    "The bundle's bytes do not hash to the expected content hash, or not to the hash its signature covers: it was modified after signing or is not the bundle requested. Raised wherever a bundle is verified (the bundle tools, the gateway's upload, the runner's fetch); fetch it again, or sign it again after changing it.",
  bundle_signature_missing:
    "The bundle has no signature where one is required. Raised wherever a bundle is verified (the bundle tools, the gateway's upload, the runner); sign it with `extsys-bundle sign` and send the signature with it.",
  bundle_signature_invalid:
    "The bundle's signature is malformed, or does not verify with the signer's key: it was forged or corrupted. Raised wherever a bundle is verified; sign the bundle again with the right key.",
  bundle_signer_untrusted:
    "The bundle is signed by a key that is not in the verifier's trust bundle. Raised wherever a bundle is verified (the gateway's upload, the runner); sign with a trusted key, or have the operator add the key to the trust bundle.",
  // 429
  quota_exceeded:
    "A storage quota of the extension's namespace would be exceeded: a value too large, too many keys or too many bytes. The runner refuses the handler's storage write with it (left uncaught it becomes the call's answer) and writes nothing; store less or delete data first.",
  rate_limited:
    "Too many calls in a short time: the gateway's rate limit per tenant and extension, login attempts, or the number of open log or event streams. Answered by the gateway and the runner; retriable: wait as long as `Retry-After` (or `details.retryAfterSeconds`) says, or close a stream.",
  tenant_busy:
    "The tenant already has as many calls waiting or running as its share allows, at the gateway or in the runner's engine queue; other tenants are unaffected. Answered by the gateway and the runner; retriable: retry after `Retry-After`, once some of the tenant's calls have answered.",
  // 431
  headers_too_large:
    'The request line and headers are larger than the server reads; the connection is closed. Answered by the HTTP layer of the gateway and the runner; send a shorter URL (large data goes in the body) or fewer, smaller headers.',
  // 499
  aborted:
    'The caller gave up: an abort signal cancelled the call, or the client closed its connection before its request was read. Raised by the ext SDK and the bridge, and logged by the services; nobody waits for an answer, so there is nothing to do unless the cancellation was a mistake.',
  // 500
  internal:
    'An unexpected failure of the component that answered, or an action it is not configured for (such as uploads to a gateway without a trust bundle); its log has the details under the request id. Any component may answer it; report it with the request id rather than retrying.',
  module_invalid:
    'The handler module cannot be used: not valid wasm or JavaScript, too large, not UTF-8, failing to evaluate, or not following the runner ABI. Raised by the runner when loading it and by the bundle tools when building it; fix the handler and publish a new version.',
  handler_trap:
    "The handler failed while running: a wasm trap, an uncaught exception, or a malformed answer. Answered by the runner, which keeps the handler's own message and stack out of the answer and in its log under the request id; fix the handler.",
  memory_exceeded:
    "The handler reached its memory cap, or its module needs more memory than the call allows (`RUNNER_MAX_MEMORY_MB`). Answered by the runner; reduce the handler's memory use.",
  response_too_large:
    "An answer is larger than allowed: a handler's response over the runner's limit, the response of a handler's `http.fetch` over its cap, or an API response over the bridge's limit. Answered by the runner and the bridge; return less data, for example in pages.",
  // 502
  bad_gateway:
    'An upstream answered something unusable: the runner a malformed frame or a refusal without an error envelope, an extension API a body that is not JSON, or a service a handler called failed. Answered by the gateway, the bridge, the ext SDK and handlers; retriable: try again, and report it if it persists.',
  // 503
  overloaded:
    "The component is at capacity: all of the runner's engine workers are busy and its queue is full, the runner is shutting down, or the gateway serves as many log streams as it may. Answered by the runner (through the gateway) and the gateway; retriable: retry after `Retry-After`.",
  runner_unavailable:
    'The gateway cannot reach the runner. Answered by the gateway; retriable: retry shortly, and check that the runner is up and `RUNNER_URL` points at it.',
  bundle_store_unavailable:
    'The runner cannot read the bundle store: the store did not answer or answered an error, or the bundle file cannot be opened. Answered by the runner; retriable: retry shortly, and check `BUNDLE_STORE`.',
  connection_lost:
    'The connection between the host page and the extension page was lost, or a call could not be sent over it. Raised by the ext SDK and the bridge; retriable: the SDK reconnects, retry once it is connected again.',
  // 504
  timeout:
    "A call did not answer within its deadline: a handler the runner stopped, the runner as awaited by the gateway, a handler's `http.fetch`, an API call or a bridge call. Raised by the runner, the gateway, the bridge and the ext SDK; retriable, but a handler that always takes too long must be made faster or given a longer `timeoutMs`.",
  handshake_timeout:
    'The handshake between host and extension page did not complete within the handshake timeout. Raised by the bridge and the ext SDK; retriable: reload or remount the extension, and check that its page calls `connect()`.',
  queue_timeout:
    'The call waited for a free engine worker of the runner until its deadline and never ran, so nothing it would have done happened. Answered by the runner; retriable: retry, the runner is busy.',
});

/**
 * What each field of the error envelope means, for the docs site. Kept here rather than on the
 * schema: the envelope travels in every extension's bridge validators, descriptions would not.
 */
export const ERROR_ENVELOPE_DESCRIPTIONS: Readonly<Record<keyof ErrorEnvelope, string>> = Object.freeze({
  code: 'The stable error code, one of the error code table: match on this.',
  message: 'What went wrong and what to do, for a person; its wording may change between versions.',
  requestId: 'The request id, the same in every log line the call left.',
  retriable: 'Whether the same request may be retried unchanged, after a back-off.',
  status: "The HTTP status the code travels with (the code table's).",
  details: 'Structured, non-secret details: field issues, a limit, a retry delay.',
});
