import type { TokenGrant } from '@extsys/protocol/bridge';
import type { TokenRequest } from '@extsys/protocol/host-methods';
import { createEmitter, type Listener, type Unsubscribe } from './events.js';

/** Default: a token handed out stays valid at least this long. */
export const DEFAULT_MIN_TTL_MS = 10_000;

export interface GetTokenOptions {
  /** The token must stay valid at least this long (ms); otherwise a fresh one is fetched. */
  minTtlMs?: number;
  /** Ask the host for a new token even if the current one is fine. */
  forceRefresh?: boolean;
}

export interface TokenInfo {
  token: string;
  /** Milliseconds of validity left, measured on this page's monotonic clock. */
  expiresInMs: number;
}

export interface AuthApi {
  /** A bearer token for the gateway. Kept in memory only, never in storage. */
  getToken(options?: GetTokenOptions): Promise<string>;
  /** The current token without asking the host (may be about to expire), or undefined. */
  peek(): TokenInfo | undefined;
  on(type: 'change', listener: Listener<TokenInfo>): Unsubscribe;
}

export interface TokenStore extends AuthApi {
  set(grant: TokenGrant): void;
  /** Internal: the gateway refused the token (401); forces one refresh with that reason. */
  refreshAfterUnauthorized(): Promise<string>;
}

/**
 * Tokens arrive with a relative `ttlMs`; the expiry is computed on receipt with the page's
 * monotonic clock (`performance.now()`), so neither wall-clock skew between host and iframe nor a
 * clock change can make a fresh token look expired or a stale one look fresh.
 */
export function createTokenStore(
  initial: TokenGrant,
  request: (request: TokenRequest) => Promise<TokenGrant>,
  now: () => number = () => performance.now(),
): TokenStore {
  let token = initial.token;
  let expiresAt = now() + initial.ttlMs;
  let inFlight: Promise<string> | undefined;
  const events = createEmitter<{ change: TokenInfo }>();
  const info = (): TokenInfo => ({ token, expiresInMs: Math.max(0, expiresAt - now()) });

  const set = (grant: TokenGrant) => {
    token = grant.token;
    expiresAt = now() + grant.ttlMs;
    events.emit('change', info());
  };

  // Concurrent callers share one host request.
  const refresh = (reason: TokenRequest['reason'], minTtlMs: number | undefined): Promise<string> => {
    // The protocol bounds minTtlMs to an integer in [0, 1 h].
    const min = minTtlMs === undefined ? undefined : Math.max(0, Math.min(Math.floor(minTtlMs), 60 * 60 * 1000));
    inFlight ??= request(min === undefined || Number.isNaN(min) ? { reason } : { reason, minTtlMs: min })
      .then((grant) => {
        set(grant);
        return grant.token;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    set,
    peek: () => info(),
    on: (type, listener) => events.on(type, listener),
    getToken(options = {}) {
      const minTtlMs = options.minTtlMs ?? DEFAULT_MIN_TTL_MS;
      if (options.forceRefresh) return refresh('forced', options.minTtlMs);
      if (expiresAt - now() >= minTtlMs) return Promise.resolve(token);
      return refresh('expiring', minTtlMs);
    },
    refreshAfterUnauthorized: () => refresh('unauthorized', undefined),
  };
}
