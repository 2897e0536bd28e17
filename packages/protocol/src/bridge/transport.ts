/**
 * How the two sides carry the method tables (see docs/packages/protocol.md#bridge):
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

/**
 * Port calls (extension → host). Once penpal's handshake has given both sides the private
 * MessagePort, the SDK sends its calls (`hello` first) on that port as
 * `{xc: <call id>, m: <HOST_METHODS name>, a: <the one argument>}` and the host answers on the same
 * port with `{xr: <call id>, r: <bridgeResult>}`. Same methods, same arguments, same validation as a
 * penpal CALL (which the host still serves); only the envelope is smaller: penpal's CALL carries a
 * UUID, its namespace, the channel and a method path array, and serialising that across the frame's
 * process boundary cost more than the whole extsys layer (bench/bridge, 2026-11-26). The host
 * accepts port calls only from the port, never from `window` messages, and its replies are never
 * seen by penpal.
 */
export const PORT_CALL_KEY = 'xc';
export const PORT_REPLY_KEY = 'xr';
export interface PortCall {
  xc: number;
  m: string;
  a: unknown;
}
export interface PortReply {
  xr: number;
  r: unknown;
}
