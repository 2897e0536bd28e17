import type { ExtTokenClaims } from '@extsys/protocol';
import { LRUCache } from 'lru-cache';

/**
 * Tokens already verified, until they expire: the signature check (WebCrypto Ed25519) is the costliest
 * step of a proxied call, and a page reuses its token for minutes. The key is the bearer token
 * itself: a store outside the process should keep a hash of it, never the token.
 */
export interface TokenCache {
  get(token: string): ExtTokenClaims | undefined | Promise<ExtTokenClaims | undefined>;
  set(token: string, claims: ExtTokenClaims): void | Promise<void>;
  delete(token: string): void | Promise<void>;
}

/** The in-memory default: at most `max` tokens, least recently used dropped first. */
export function memoryTokenCache(options: { max?: number } = {}): TokenCache {
  const cache = new LRUCache<string, ExtTokenClaims>({ max: options.max ?? 10_000 });
  return {
    get: (token) => cache.get(token),
    set: (token, claims) => void cache.set(token, claims),
    delete: (token) => void cache.delete(token),
  };
}
