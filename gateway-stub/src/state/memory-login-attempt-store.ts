import { LRUCache } from 'lru-cache';
import { nanoid } from 'nanoid';
import {
  blockedForMs,
  DEFAULT_LOGIN_LIMITS,
  refusal,
  type LoginAttempt,
  type LoginAttemptStore,
  type LoginLimitOptions,
} from './login-attempt-store.js';

interface Failure {
  attempt: string;
  at: number;
}

/**
 * Failed logins in this process's memory (without DATABASE_URL). Each key keeps at most its
 * limit's number of failures and the maps are LRU-bounded, so memory is bounded whatever ids and
 * addresses callers send. `begin` checks and counts with no await between: atomic in one process.
 */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly users: LRUCache<string, Failure[]>;
  private readonly clients: LRUCache<string, Failure[]>;
  private readonly now: () => number;

  constructor(private readonly options: LoginLimitOptions = DEFAULT_LOGIN_LIMITS) {
    this.users = new LRUCache({ max: options.maxKeys });
    this.clients = new LRUCache({ max: options.maxKeys });
    this.now = options.now ?? Date.now;
  }

  async begin(userId: string, client: string): Promise<LoginAttempt> {
    const now = this.now();
    const { maxFailuresPerUser, maxFailuresPerClient, windowMs } = this.options;
    const refused = refusal(
      blockedForMs(this.times(this.users, userId), maxFailuresPerUser, windowMs, now),
      blockedForMs(this.times(this.clients, client), maxFailuresPerClient, windowMs, now),
    );
    if (refused) return refused;
    const attempt = nanoid(16);
    this.push(this.users, userId, maxFailuresPerUser, { attempt, at: now });
    this.push(this.clients, client, maxFailuresPerClient, { attempt, at: now });
    return { ok: true, attempt };
  }

  async succeeded(attempt: string, userId: string, client: string): Promise<void> {
    this.users.delete(userId);
    const failures = this.clients.peek(client);
    if (failures)
      this.clients.set(
        client,
        failures.filter((failure) => failure.attempt !== attempt),
      );
  }

  private times(map: LRUCache<string, Failure[]>, key: string): number[] {
    return (map.peek(key) ?? []).map((failure) => failure.at);
  }

  private push(map: LRUCache<string, Failure[]>, key: string, max: number, failure: Failure): void {
    const failures = (map.get(key) ?? []).filter((f) => failure.at - f.at < this.options.windowMs);
    failures.push(failure);
    // Only the last `max` failures matter: the key is blocked until the oldest of them is stale.
    map.set(key, failures.length > max ? failures.slice(failures.length - max) : failures);
  }
}
