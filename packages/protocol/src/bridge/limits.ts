/**
 * Defaults both sides of the bridge agree on. A host may lower them per mount (sent in the
 * context's `limits`); it may not raise `maxMessageBytes`, which guards its own page.
 */
export const BRIDGE_LIMITS = {
  /** A message estimated above this is dropped and counted, never processed. */
  maxMessageBytes: 2 * 1024 * 1024,
  /** Request or response body carried by the bridge API transport. */
  maxApiBodyBytes: 1024 * 1024,
  /** Default deadline of a bridge call or API call when the caller gives none. */
  callTimeoutMs: 15_000,
  /** How long the host waits for a hello, from `bootstrapIframe()`, before it reports a failure (and keeps listening). */
  handshakeTimeoutMs: 10_000,
} as const;
