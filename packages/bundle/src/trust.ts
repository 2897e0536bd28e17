import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import { BundleError } from './errors.js';
import { parseJsonDocument } from './json-document.js';

/**
 * The trust bundle: the public keys whose signatures a verifier accepts, each under a name.
 *
 * ```json
 * { "format": "extsys-trust-bundle/1",
 *   "keys": [{ "name": "acme", "publicKey": "<32-byte Ed25519 public key, base64url>" }] }
 * ```
 * A key is identified in signatures by its key id (see `keyIdOf`); the name shown for a verified
 * bundle is the trust bundle's name for the key, never the name the signature claims.
 */
export const TRUST_BUNDLE_FORMAT = 'extsys-trust-bundle/1';

/** A signer's name: what `verify` and `inspect` print, and keygen's file names. */
export const SignerName = z
  .string()
  .check(
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'must be letters, digits, ".", "_", "@" or "-", such as "acme-release"'),
  );

/** An Ed25519 public key as its 32 raw bytes in base64url (no padding): 43 characters. */
export const PublicKeyText = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/,
      'must be a 32-byte Ed25519 public key in base64url (43 characters)',
    ),
  );

export const TrustBundleFile = z.strictObject({
  format: z.literal(TRUST_BUNDLE_FORMAT),
  keys: z.array(z.strictObject({ name: SignerName, publicKey: PublicKeyText })).check(
    z.minLength(1),
    z.maxLength(1000),
    z.refine((keys) => new Set(keys.map((k) => k.name)).size === keys.length, 'must not use a name twice'),
    z.refine((keys) => new Set(keys.map((k) => k.publicKey)).size === keys.length, 'must not list a key twice'),
  ),
});
export type TrustBundleFile = z.infer<typeof TrustBundleFile>;

export interface TrustedKey {
  readonly name: string;
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

export interface TrustBundle {
  readonly keys: readonly TrustedKey[];
}

/** `ed25519:` + the first 16 bytes of SHA-256 of the raw public key, in hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return `ed25519:${createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 32)}`;
}

/** The 32 raw bytes of an Ed25519 public key, base64url: the trust bundle's `publicKey`. */
export function publicKeyText(publicKey: KeyObject): string {
  return rawPublicKey(publicKey).toString('base64url');
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new BundleError(
      'bad_request',
      `expected an Ed25519 key, got ${publicKey.asymmetricKeyType ?? 'a secret key'}`,
    );
  }
  const { x } = publicKey.export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url');
}

/** A trust bundle file's JSON text (or parsed JSON) as usable keys; `source` names it in errors. */
export function parseTrustBundle(input: unknown, source = 'trust bundle'): TrustBundle {
  const file = parseJsonDocument(TrustBundleFile, input, { code: 'validation_failed', label: 'trust bundle', source });
  return {
    keys: file.keys.map(({ name, publicKey: text }) => {
      const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
      return { name, keyId: keyIdOf(publicKey), publicKey };
    }),
  };
}

/** Reads and parses a trust bundle file. */
export async function loadTrustBundle(path: string): Promise<TrustBundle> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BundleError('validation_failed', `cannot read trust bundle ${path}: ${(error as Error).message}`);
  }
  return parseTrustBundle(text, path);
}

/** The trust bundle file that trusts exactly `keys`. */
export function trustBundleFile(keys: readonly { name: string; publicKey: KeyObject }[]): TrustBundleFile {
  return {
    format: TRUST_BUNDLE_FORMAT,
    keys: keys.map((key) => ({ name: key.name, publicKey: publicKeyText(key.publicKey) })),
  };
}
