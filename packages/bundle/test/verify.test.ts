import { beforeAll, describe, expect, it } from 'vitest';
import {
  BundleError,
  generateSigningKey,
  packBundle,
  parseTrustBundle,
  serializeSignature,
  signBundle,
  verifyBundle,
  type BundleSignature,
  type GeneratedKey,
  type TrustBundle,
} from '../src/index.js';
import { makeExtension } from './fixture.js';

function trustOf(...keys: { name: string; key: GeneratedKey }[]): TrustBundle {
  return parseTrustBundle({
    format: 'extsys-trust-bundle/1',
    keys: keys.map(({ name, key }) => ({ name, publicKey: key.publicKey })),
  });
}

function refusal(run: () => unknown): BundleError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return error as BundleError;
  }
  throw new Error('expected a BundleError, nothing was thrown');
}

let bytes: Uint8Array;
let contentHash: string;
const acme = generateSigningKey();
const mallory = generateSigningKey();
const trust = trustOf({ name: 'acme-release', key: acme });

beforeAll(async () => {
  ({ bytes, contentHash } = await packBundle(await makeExtension()));
});

describe('verifyBundle', () => {
  it('accepts a bundle signed by a trusted key and names the signer from the trust bundle', () => {
    const signature = signBundle(bytes, acme.privateKeyPem, { signer: 'claimed-name' });
    expect(verifyBundle(bytes, signature, trust)).toEqual({
      contentHash,
      signer: 'acme-release',
      keyId: acme.keyId,
    });
    // the signature file's text works too, and so does a matching expected hash
    expect(verifyBundle(bytes, serializeSignature(signature), trust, { expectedHash: contentHash }).signer).toBe(
      'acme-release',
    );
  });

  it('refuses a bundle with one byte changed after signing: bundle_hash_mismatch', () => {
    const signature = signBundle(bytes, acme.privateKeyPem);
    const tampered = Uint8Array.from(bytes);
    tampered[600] = tampered[600]! ^ 0x01; // inside the first file's data
    const error = refusal(() => verifyBundle(tampered, signature, trust));
    expect(error.code).toBe('bundle_hash_mismatch');
    expect(error.message).toContain(`the signature covers ${contentHash}`);
    expect(error.message).toContain('the bundle was modified after signing');
  });

  it('refuses bytes that do not hash to the expected (requested) hash: bundle_hash_mismatch', () => {
    const signature = signBundle(bytes, acme.privateKeyPem);
    const other = `sha256:${'0'.repeat(64)}`;
    const error = refusal(() => verifyBundle(bytes, signature, trust, { expectedHash: other }));
    expect(error.code).toBe('bundle_hash_mismatch');
    expect(error.message).toBe(
      `bundle hashes to ${contentHash} but ${other} was expected: it was modified or is not the bundle requested`,
    );
  });

  it('refuses a signature by a key that is not in the trust bundle: bundle_signer_untrusted', () => {
    const signature = signBundle(bytes, mallory.privateKeyPem, { signer: 'acme-release' });
    const error = refusal(() => verifyBundle(bytes, signature, trust));
    expect(error.code).toBe('bundle_signer_untrusted');
    expect(error.message).toBe(
      `bundle ${contentHash} is signed by key ${mallory.keyId} (claims to be "acme-release"), which is not in the trust bundle`,
    );
  });

  it('refuses a missing signature: bundle_signature_missing', () => {
    for (const missing of [undefined, null, '']) {
      const error = refusal(() => verifyBundle(bytes, missing, trust));
      expect(error.code).toBe('bundle_signature_missing');
      expect(error.message).toBe(`bundle ${contentHash} has no signature; sign it with extsys-bundle sign`);
    }
  });

  it('refuses a signature that does not verify under the trusted key it names: bundle_signature_invalid', () => {
    const good = signBundle(bytes, acme.privateKeyPem);
    // mallory's signature relabelled with acme's key id
    const forged: BundleSignature = { ...good, signature: signBundle(bytes, mallory.privateKeyPem).signature };
    const error = refusal(() => verifyBundle(bytes, forged, trust));
    expect(error.code).toBe('bundle_signature_invalid');
    expect(error.message).toContain(`by "acme-release" (${acme.keyId}) does not verify`);

    // one flipped bit in the signature
    const raw = Buffer.from(good.signature, 'base64url');
    raw[10] = raw[10]! ^ 0x80;
    const flipped = { ...good, signature: raw.toString('base64url') };
    expect(refusal(() => verifyBundle(bytes, flipped, trust)).code).toBe('bundle_signature_invalid');
  });

  it('refuses a signature made for another hash with the hash field rewritten: bundle_signature_invalid', () => {
    const forOther = signBundle(`sha256:${'a'.repeat(64)}`, acme.privateKeyPem);
    const error = refusal(() => verifyBundle(bytes, { ...forOther, contentHash }, trust));
    expect(error.code).toBe('bundle_signature_invalid');
  });

  it('refuses a malformed signature file, naming the field: bundle_signature_invalid', () => {
    const good = signBundle(bytes, acme.privateKeyPem);
    let error = refusal(() => verifyBundle(bytes, '{not json', trust));
    expect(error.code).toBe('bundle_signature_invalid');
    expect(error.message).toMatch(/^signature: not valid UTF-8 JSON/);

    error = refusal(() => verifyBundle(bytes, JSON.stringify({ ...good, algorithm: 'rsa' }), trust));
    expect(error.code).toBe('bundle_signature_invalid');
    expect(error.message).toBe('signature: algorithm: must be one of "ed25519", got "rsa"');
  });
});

describe('trust bundles', () => {
  it('name the problem in a malformed file', () => {
    const error = refusal(() =>
      parseTrustBundle({ format: 'extsys-trust-bundle/1', keys: [{ name: 'acme', publicKey: 'abc' }] }, 'trust.json'),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/^trust\.json: keys\[0\]\.publicKey: must be a 32-byte Ed25519 public key/);
  });

  it('refuse a name used twice', () => {
    const error = refusal(() => trustOf({ name: 'a', key: acme }, { name: 'a', key: mallory }));
    expect(error.message).toContain('keys: must not use a name twice');
  });

  it('trust several keys', () => {
    const both = trustOf({ name: 'acme', key: acme }, { name: 'mallory', key: mallory });
    expect(verifyBundle(bytes, signBundle(bytes, mallory.privateKeyPem), both).signer).toBe('mallory');
  });
});
