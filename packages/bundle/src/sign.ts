import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { ContentHash } from '@extsys/protocol';
import * as z from 'zod/mini';
import { BundleError } from './errors.js';
import { parseJsonDocument } from './json-document.js';
import { hashBundle } from './hash.js';
import { keyIdOf, publicKeyText, SignerName } from './trust.js';

/**
 * A detached bundle signature, stored as JSON next to the bundle (`<bundle>.sig`):
 *
 * ```json
 * { "format": "extsys-bundle-signature/1", "algorithm": "ed25519",
 *   "contentHash": "sha256:<64 hex>", "keyId": "ed25519:<32 hex>", "signer": "acme",
 *   "signature": "<64-byte Ed25519 signature, base64url>" }
 * ```
 * The signed message is the UTF-8 text `extsys-bundle-signature/1\n<contentHash>`: the format
 * name keeps these signatures from being valid for anything else. `signer` is the name the signer
 * claims; a verifier reports the trust bundle's name for `keyId` instead.
 */
export const SIGNATURE_FORMAT = 'extsys-bundle-signature/1';

export const SignatureFile = z.strictObject({
  format: z.literal(SIGNATURE_FORMAT),
  algorithm: z.literal('ed25519'),
  contentHash: ContentHash,
  keyId: z.string().check(z.regex(/^ed25519:[0-9a-f]{32}$/, 'must be "ed25519:" followed by 32 hex digits')),
  signer: z.optional(SignerName),
  signature: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{85}[AQgw]$/, 'must be a 64-byte Ed25519 signature in base64url (86 characters)')),
});
export type BundleSignature = z.infer<typeof SignatureFile>;

/** The bytes an Ed25519 key signs for a bundle. */
export function signedMessage(contentHash: ContentHash): Buffer {
  return Buffer.from(`${SIGNATURE_FORMAT}\n${contentHash}`, 'utf8');
}

/** Where `sign` writes, and `verify` and `inspect` look for, the signature of a bundle file. */
export function signaturePathFor(bundlePath: string): string {
  return `${bundlePath}.sig`;
}

export interface GeneratedKey {
  /** PKCS#8 PEM; keep it secret (keygen writes it with mode 0600). */
  privateKeyPem: string;
  /** The 32-byte public key in base64url, as a trust bundle lists it. */
  publicKey: string;
  keyId: string;
}

/** A fresh Ed25519 signing key. */
export function generateSigningKey(): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKeyText(publicKey),
    keyId: keyIdOf(publicKey),
  };
}

/** A PEM private key (or KeyObject) as an Ed25519 KeyObject; `source` names it in errors. */
export function loadSigningKey(key: string | KeyObject, source = 'signing key'): KeyObject {
  let privateKey: KeyObject;
  try {
    privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch (error) {
    throw new BundleError('bad_request', `${source}: not a PEM private key (${(error as Error).message})`);
  }
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new BundleError(
      'bad_request',
      `${source}: expected an Ed25519 private key, got a ${privateKey.asymmetricKeyType ?? ''} ${privateKey.type} key; create one with extsys-bundle keygen`,
    );
  }
  return privateKey;
}

/**
 * Signs a bundle (its bytes, or its already computed content hash) with an Ed25519 private key
 * (PEM text or KeyObject). `signer` is the name recorded as the signer's claim.
 */
export function signBundle(
  bundle: Uint8Array | ContentHash,
  key: string | KeyObject,
  options: { signer?: string } = {},
): BundleSignature {
  const contentHash = typeof bundle === 'string' ? bundle : hashBundle(bundle);
  const privateKey = loadSigningKey(key);
  const signature: BundleSignature = {
    format: SIGNATURE_FORMAT,
    algorithm: 'ed25519',
    contentHash,
    keyId: keyIdOf(createPublicKey(privateKey)),
    ...(options.signer === undefined ? {} : { signer: options.signer }),
    signature: sign(null, signedMessage(contentHash), privateKey).toString('base64url'),
  };
  return parseSignature(signature); // checks the signer name and hash shape
}

/** A signature file's text (or parsed JSON); anything malformed is `bundle_signature_invalid`. */
export function parseSignature(input: unknown, source = 'signature'): BundleSignature {
  return parseJsonDocument(SignatureFile, input, { code: 'bundle_signature_invalid', label: 'signature', source });
}

/** The signature file's text. */
export function serializeSignature(signature: BundleSignature): string {
  return `${JSON.stringify(signature, null, 2)}\n`;
}
