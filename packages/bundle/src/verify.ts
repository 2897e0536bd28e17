import { verify } from 'node:crypto';
import { type ContentHash } from '@extsys/protocol';
import { BundleError } from './errors.js';
import { assertBundleHash, hashBundle } from './hash.js';
import { parseSignature, signedMessage, type BundleSignature } from './sign.js';
import { type TrustBundle } from './trust.js';

export interface VerifiedBundle {
  contentHash: ContentHash;
  /** The trust bundle's name for the key that signed. */
  signer: string;
  keyId: string;
}

/**
 * Checks that `bytes` are the bundle the signature covers and that a trusted key signed it, in
 * this order, before anything parses the archive:
 *
 * 1. `expectedHash` given (e.g. from the URL) and the bytes hash to something else → `bundle_hash_mismatch`
 * 2. no signature → `bundle_signature_missing`
 * 3. malformed signature file → `bundle_signature_invalid`
 * 4. the signature covers another hash (the bundle was modified) → `bundle_hash_mismatch`
 * 5. the signing key is not in the trust bundle → `bundle_signer_untrusted`
 * 6. the Ed25519 signature does not verify → `bundle_signature_invalid`
 *
 * `signature` is the signature file's text or its parsed form. Throws a BundleError.
 */
export function verifyBundle(
  bytes: Uint8Array,
  signature: BundleSignature | string | undefined | null,
  trust: TrustBundle,
  options: { expectedHash?: ContentHash } = {},
): VerifiedBundle {
  const contentHash = options.expectedHash ? assertBundleHash(bytes, options.expectedHash) : hashBundle(bytes);
  if (signature === undefined || signature === null || signature === '') {
    throw new BundleError(
      'bundle_signature_missing',
      `bundle ${contentHash} has no signature; sign it with extsys-bundle sign`,
    );
  }
  const parsed = parseSignature(signature);
  if (parsed.contentHash !== contentHash) {
    throw new BundleError(
      'bundle_hash_mismatch',
      `the signature covers ${parsed.contentHash} but the bundle hashes to ${contentHash}: the bundle was modified after signing`,
    );
  }
  const key = trust.keys.find((candidate) => candidate.keyId === parsed.keyId);
  if (!key) {
    const claim = parsed.signer === undefined ? '' : ` (claims to be "${parsed.signer}")`;
    throw new BundleError(
      'bundle_signer_untrusted',
      `bundle ${contentHash} is signed by key ${parsed.keyId}${claim}, which is not in the trust bundle`,
    );
  }
  const valid = verify(null, signedMessage(contentHash), key.publicKey, Buffer.from(parsed.signature, 'base64url'));
  if (!valid) {
    throw new BundleError(
      'bundle_signature_invalid',
      `the signature of bundle ${contentHash} by "${key.name}" (${key.keyId}) does not verify: it was forged or corrupted`,
    );
  }
  return { contentHash, signer: key.name, keyId: key.keyId };
}
