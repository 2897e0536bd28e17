/**
 * How the two sides carry the method tables (see bridge-transport in the README):
 *
 * - penpal v7 `connect()` over a `WindowMessenger` on both sides, with `channel: BRIDGE_CHANNEL`.
 *   Host: `remoteWindow: iframe.contentWindow`, `allowedOrigins: ['*']` (a sandboxed frame has an
 *   opaque origin; penpal still checks `event.source`). Extension: `remoteWindow: window.parent`,
 *   `allowedOrigins: [fragment.parentOrigin]`. Penpal's SYN/ACK carry no secret; everything after
 *   them travels on a private MessagePort.
 * - The host exposes one function per `HOST_METHODS` name, the extension one per
 *   `EXTENSION_METHODS` name. Each takes exactly one argument and resolves to a `bridgeResult`;
 *   none ever rejects on purpose (a rejection means the transport failed).
 * - The extension's first call is `hello`. The host answers every other call with
 *   `handshake_failed` until a hello with the mount nonce succeeds. A reloaded frame calls `hello`
 *   again (same nonce, from its URL fragment); the host verifies it again and answers with the
 *   current context (theme, token, path): that is the replay.
 */
export const BRIDGE_CHANNEL = 'extsys.bridge';
