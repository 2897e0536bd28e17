export interface LoginLimitOptions {
  /** Failed logins for one user id within `windowMs` before that user id is refused. */
  maxFailuresPerUser: number;
  /** Failed logins from one client address within `windowMs` before that address is refused. */
  maxFailuresPerClient: number;
  windowMs: number;
  /** In memory (without DATABASE_URL): how many user ids and client addresses are remembered (least recently failed go first). */
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

export type LoginAttempt =
  { ok: true; attempt: string } | { ok: false; scope: 'user' | 'client'; retryAfterSeconds: number };

/**
 * Failed logins over a sliding window, per user id and per client address: in memory
 * (memory-login-attempt-store.ts, one process) or in PostgreSQL (postgres-login-attempt-store.ts,
 * every replica counts into the same window). An attempt is counted as a failure from the moment
 * it is let in (`begin`, atomic with the check) until it proves right (`succeeded`): concurrent
 * guesses on several replicas cannot slip past the limit between a check and a record. A refused
 * attempt is not checked and not recorded; a success clears its user id's failures (not its
 * address's: a valid account must not reset a spraying address's count).
 */
export interface LoginAttemptStore {
  /** Lets an attempt in (counting it) unless the user id or the address is refused, and for how long. */
  begin(userId: string, client: string): Promise<LoginAttempt>;
  /** The attempt's password was right: the user id's failures go, and this attempt no longer counts for its address. */
  succeeded(attempt: string, userId: string, client: string): Promise<void>;
}

/**
 * Milliseconds until a key with these failure times (any order) may try again (0: now). The key
 * is free again once the oldest of its last `max` failures leaves the window.
 */
export function blockedForMs(times: readonly number[], max: number, windowMs: number, now: number): number {
  const recent = times.filter((at) => now - at < windowMs).sort((a, b) => a - b);
  return recent.length < max ? 0 : recent[recent.length - max]! + windowMs - now;
}

/** The refusal for the longer of the two blocks, or undefined when neither blocks. */
export function refusal(userMs: number, clientMs: number): Extract<LoginAttempt, { ok: false }> | undefined {
  if (userMs === 0 && clientMs === 0) return undefined;
  return {
    ok: false,
    scope: userMs >= clientMs ? 'user' : 'client',
    retryAfterSeconds: Math.max(1, Math.ceil(Math.max(userMs, clientMs) / 1000)),
  };
}
