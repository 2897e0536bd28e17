import { TokenGrant } from '@extsys/protocol/bridge';
import { parseOrError } from '@extsys/protocol/errors';
import { HostBridgeError, asHostBridgeError } from './errors.js';

/**
 * What the host's `getToken()` resolves to: the protocol's `TokenGrant`, `{token, ttlMs}` — a
 * lifetime relative to now, never an absolute expiry, so neither the host's nor the iframe's clock
 * matters. (If your server answers with an absolute `exp`, convert it with the server's own `now`.)
 */
export type GetToken = () => Promise<TokenGrant> | TokenGrant;

/** A token is pushed again when this share of its lifetime has passed. */
export const REFRESH_AT = 0.7;
/** Never refresh more often than this, whatever the lifetime. */
export const MIN_REFRESH_DELAY_MS = 1000;
/**
 * A fresh token the extension asks for (`requestToken` `unauthorized`/`forced`, the bridge API
 * transport's 401 retry) is minted at most this often: a token younger than this is fresh enough.
 * Without it a page could make the host mint tokens in a loop. The host's own `refreshToken()`
 * is not throttled.
 */
export const MIN_FORCED_REFRESH_INTERVAL_MS = 5000;
/** After a failed `getToken()`, retry after this delay (doubling, capped at 60 s). */
const RETRY_DELAY_MS = 2000;

interface Held {
  token: string;
  ttlMs: number;
  receivedAt: number;
}

export interface TokenManager {
  /**
   * A grant valid at least `minTtlMs` (fetching a new one when the held one is too old). `fresh`:
   * the extension asked for a new token; one minted less than `MIN_FORCED_REFRESH_INTERVAL_MS`
   * ago is returned instead of minting another.
   */
  get(options?: { minTtlMs?: number; fresh?: boolean }): Promise<TokenGrant>;
  /** Always a newly minted grant (the host's `refreshToken()`). */
  renew(): Promise<TokenGrant>;
  /** Starts the refresh timer: `push` is called with each new token at ~70 % of its lifetime. */
  schedule(push: (grant: TokenGrant) => void): void;
  /** Stops the timer (the held token stays). */
  pause(): void;
  dispose(): void;
}

export function createTokenManager(options: {
  getToken: GetToken;
  now?: () => number;
  onError: (error: HostBridgeError) => void;
}): TokenManager {
  const now = options.now ?? (() => Date.now());
  let held: Held | undefined;
  let inFlight: Promise<Held> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let push: ((grant: TokenGrant) => void) | undefined;
  let failures = 0;
  let disposed = false;

  const remaining = (h: Held) => h.ttlMs - (now() - h.receivedAt);
  const age = (h: Held) => now() - h.receivedAt;
  const grantOf = (h: Held): TokenGrant => ({ token: h.token, ttlMs: Math.max(0, Math.floor(remaining(h))) });

  function fetchFresh(): Promise<Held> {
    inFlight ??= (async () => {
      try {
        let raw: unknown;
        try {
          raw = await options.getToken();
        } catch (error) {
          throw asHostBridgeError(error, 'unauthenticated', 'getToken() failed');
        }
        // Only the grant's two fields are read: the host's token route may answer more (the kit's
        // `mint()` adds `expiresAt`), and passing its answer on as is must work.
        const grant =
          typeof raw === 'object' && raw !== null
            ? { token: (raw as TokenGrant).token, ttlMs: (raw as TokenGrant).ttlMs }
            : raw;
        const parsed = parseOrError(TokenGrant, grant, { code: 'unauthenticated', label: 'getToken()' });
        if (!parsed.ok) {
          throw new HostBridgeError(
            'unauthenticated',
            `getToken() must resolve to {token, ttlMs}: ${parsed.error.message}`,
          );
        }
        held = { token: parsed.value.token, ttlMs: parsed.value.ttlMs, receivedAt: now() };
        failures = 0;
        return held;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  function arm(delay: number) {
    clearTimeout(timer);
    if (disposed || !push) return;
    timer = setTimeout(() => {
      timer = undefined;
      fetchFresh().then(
        (fresh) => {
          if (disposed || !push) return;
          push(grantOf(fresh));
          arm(Math.max(MIN_REFRESH_DELAY_MS, fresh.ttlMs * REFRESH_AT));
        },
        (error: unknown) => {
          if (disposed) return;
          failures++;
          options.onError(asHostBridgeError(error, 'unauthenticated', 'token refresh failed'));
          arm(Math.min(60_000, RETRY_DELAY_MS * 2 ** (failures - 1)));
        },
      );
    }, delay);
  }

  return {
    async get({ minTtlMs = 0, fresh = false } = {}) {
      if (disposed) throw new HostBridgeError('connection_destroyed', 'the bridge was destroyed');
      const current = held;
      const goodEnough = fresh
        ? current && age(current) < MIN_FORCED_REFRESH_INTERVAL_MS && remaining(current) > minTtlMs
        : current && remaining(current) > Math.max(minTtlMs, current.ttlMs * (1 - REFRESH_AT));
      if (current && goodEnough) return grantOf(current);
      return grantOf(await fetchFresh());
    },
    async renew() {
      if (disposed) throw new HostBridgeError('connection_destroyed', 'the bridge was destroyed');
      return grantOf(await fetchFresh());
    },
    schedule(pushGrant) {
      push = pushGrant;
      const h = held;
      const due = h ? h.receivedAt + h.ttlMs * REFRESH_AT - now() : 0;
      arm(Math.max(h ? MIN_REFRESH_DELAY_MS : 0, due));
    },
    pause() {
      clearTimeout(timer);
      timer = undefined;
      push = undefined;
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      timer = undefined;
      push = undefined;
    },
  };
}
