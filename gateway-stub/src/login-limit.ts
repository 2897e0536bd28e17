import { LRUCache } from 'lru-cache';

export interface LoginLimitOptions {
  /** Failed logins for one user id within `windowMs` before that user id is refused. */
  maxFailuresPerUser: number;
  /** Failed logins from one client address within `windowMs` before that address is refused. */
  maxFailuresPerClient: number;
  windowMs: number;
  /** How many user ids and how many client addresses are remembered (least recently failed go first). */
  maxKeys: number;
  /** The clock (tests move it instead of waiting). */
  now?: () => number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimitOptions = {
  maxFailuresPerUser: 5,
  // Higher than the per-user limit: people behind one NAT typing their own password wrong do not
  // lock each other out, while one address still cannot try a password against many users.
  maxFailuresPerClient: 20,
  windowMs: 60_000,
  maxKeys: 10_000,
};

/**
 * Failed logins over a sliding window, per user id and per client address. Each key keeps at most
 * its limit's number of timestamps and the maps are LRU-bounded, so memory is bounded whatever ids
 * and addresses callers send. Only failures count: a refused (rate-limited) attempt is not checked
 * and not recorded, and a success clears its user id's failures (not its address's: a valid
 * account must not reset a spraying address's count).
 */
export class LoginLimiter {
  private readonly users: LRUCache<string, number[]>;
  private readonly clients: LRUCache<string, number[]>;
  private readonly now: () => number;

  constructor(private readonly options: LoginLimitOptions = DEFAULT_LOGIN_LIMITS) {
    this.users = new LRUCache({ max: options.maxKeys });
    this.clients = new LRUCache({ max: options.maxKeys });
    this.now = options.now ?? Date.now;
  }

  /** Whether a login for `userId` from `client` may be checked at all, or in how many seconds. */
  check(
    userId: string,
    client: string,
  ): { ok: true } | { ok: false; scope: 'user' | 'client'; retryAfterSeconds: number } {
    const now = this.now();
    const user = this.blockedFor(this.users, userId, this.options.maxFailuresPerUser, now);
    const address = this.blockedFor(this.clients, client, this.options.maxFailuresPerClient, now);
    if (user === 0 && address === 0) return { ok: true };
    return {
      ok: false,
      scope: user >= address ? 'user' : 'client',
      retryAfterSeconds: Math.max(1, Math.ceil(Math.max(user, address) / 1000)),
    };
  }

  recordFailure(userId: string, client: string): void {
    const now = this.now();
    this.push(this.users, userId, this.options.maxFailuresPerUser, now);
    this.push(this.clients, client, this.options.maxFailuresPerClient, now);
  }

  recordSuccess(userId: string): void {
    this.users.delete(userId);
  }

  /** Milliseconds until `key` may try again (0: now). */
  private blockedFor(map: LRUCache<string, number[]>, key: string, max: number, now: number): number {
    const failures = map.peek(key);
    if (failures === undefined) return 0;
    const recent = failures.filter((at) => now - at < this.options.windowMs);
    if (recent.length === 0) {
      map.delete(key);
      return 0;
    }
    if (recent.length < failures.length) map.set(key, recent);
    // The key is free again once its oldest failure inside the window leaves it.
    return recent.length < max ? 0 : recent[0]! + this.options.windowMs - now;
  }

  private push(map: LRUCache<string, number[]>, key: string, max: number, now: number): void {
    const failures = (map.get(key) ?? []).filter((at) => now - at < this.options.windowMs);
    failures.push(now);
    // Only the last `max` failures matter: the key is blocked until the oldest of them is stale.
    map.set(key, failures.length > max ? failures.slice(failures.length - max) : failures);
  }
}
