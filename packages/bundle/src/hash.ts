import { createHash } from 'node:crypto';
import { CONTENT_HASH_PATTERN, type ContentHash } from '@extsys/protocol';
import { BundleError } from './errors.js';

/**
 * A bundle's content hash: `sha256:` + the hex SHA-256 of its archive bytes. The archive is
 * canonical (see archive.ts), so this is also a hash of its file list, and a verifier can compute
 * it before parsing a single header of an untrusted download.
 */
export function hashBundle(bytes: Uint8Array): ContentHash {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** `hash` as a ContentHash, or a `content_hash_invalid` error naming what was given. */
export function parseContentHash(hash: string, where = 'content hash'): ContentHash {
  if (!CONTENT_HASH_PATTERN.test(hash)) {
    throw new BundleError(
      'content_hash_invalid',
      `${where} ${JSON.stringify(hash.slice(0, 80))} must be "sha256:" followed by 64 lower-case hex digits`,
    );
  }
  return hash;
}

/** Throws `bundle_hash_mismatch` unless `bytes` hash to `expected`. Returns the hash. */
export function assertBundleHash(bytes: Uint8Array, expected: ContentHash): ContentHash {
  const actual = hashBundle(bytes);
  if (actual !== expected) {
    throw new BundleError(
      'bundle_hash_mismatch',
      `bundle hashes to ${actual} but ${expected} was expected: it was modified or is not the bundle requested`,
    );
  }
  return actual;
}
