/** The bounds of a proxied call. */
export interface GatewayLimits {
  /** The one deadline of a call; the runner receives it as its limit (a client or endpoint may ask for less). */
  timeoutMs: number;
  /** The request body cap: above it, `413 payload_too_large` and the body is not read. */
  maxBodyBytes: number;
  /** Calls one tenant may have waiting on the runner at once; past it `429 tenant_busy` at once. */
  tenantMaxInFlight: number;
}

export const DEFAULT_LIMITS: GatewayLimits = { timeoutMs: 10_000, maxBodyBytes: 1024 * 1024, tenantMaxInFlight: 32 };

export function resolveLimits(given: Partial<GatewayLimits> = {}): GatewayLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`createExtensionGateway: limits.${name} must be a whole number of at least 1, got ${value}`);
    }
  }
  return limits;
}
