import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { HostServerError } from '../errors.js';

/** An Ed25519 key as a JWK: with `d` it signs and verifies, without it it only verifies. */
export type ExtensionTokenKey = JWK;

/** A key ready for jose, with the `kid` tokens name it by. */
export interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  privateKey: CryptoKey | undefined;
  publicKey: CryptoKey;
}

/**
 * A new signing key, as a private JWK whose `kid` is its RFC 7638 thumbprint. Store it as a secret
 * (an environment variable or a secret manager): it is what makes a token the host's.
 */
export async function generateExtensionTokenKey(): Promise<ExtensionTokenKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'EdDSA' };
}

/** Reads the configured keys; a key that is not an Ed25519 JWK, or two with one `kid`, is a setup error. */
export async function loadKeys(keys: readonly ExtensionTokenKey[]): Promise<LoadedKey[]> {
  if (keys.length === 0) throw setupError('keys must hold at least one key (the first one signs)');
  const loaded: LoadedKey[] = [];
  for (const [index, jwk] of keys.entries()) {
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
      throw setupError(
        `keys[${index}] is not an Ed25519 JWK (kty "OKP", crv "Ed25519"): use generateExtensionTokenKey()`,
      );
    }
    const { d, ...publicPart } = jwk;
    const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
    if (loaded.some((key) => key.kid === kid)) throw setupError(`keys[${index}] repeats the kid "${kid}"`);
    const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
    loaded.push({
      kid,
      publicJwk,
      publicKey: (await importJWK(publicJwk, 'EdDSA')) as CryptoKey,
      privateKey: d === undefined ? undefined : ((await importJWK({ ...publicJwk, d }, 'EdDSA')) as CryptoKey),
    });
  }
  if (!loaded[0]!.privateKey) throw setupError('keys[0] signs new tokens, so it must be a private key (with "d")');
  return loaded;
}

function setupError(message: string): HostServerError {
  return new HostServerError('internal', `createExtensionTokens: ${message}`);
}
