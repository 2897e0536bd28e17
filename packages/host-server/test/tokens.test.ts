import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createExtensionTokens,
  generateExtensionTokenKey,
  HostServerError,
  type ExtensionTokenKey,
} from '../src/index.js';

const ISSUER = 'https://app.example.test';
const install = {
  id: 'ins_1',
  extensionId: 'com.acme.hello',
  contentHash: `sha256:${'a'.repeat(64)}`,
};
const subject = { user: 'alice', tenant: 'acme', install };

/** The public half of a key: what a host keeps of a retired key. */
const publicOf = ({ d: _d, ...rest }: ExtensionTokenKey): ExtensionTokenKey => rest;

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HostServerError);
    return error as HostServerError;
  }
  throw new Error('expected a refusal');
}

describe('createExtensionTokens', () => {
  it('mints a token with the protocol claims, named by the signing key’s kid, that it verifies', async () => {
    const key = await generateExtensionTokenKey();
    const tokens = await createExtensionTokens({ keys: [key], issuer: ISSUER, ttlSeconds: 120 });
    const minted = await tokens.mint(subject);
    expect(minted.ttlMs).toBe(120_000);
    expect(decodeProtectedHeader(minted.token)).toMatchObject({ alg: 'EdDSA', kid: key.kid });
    expect(decodeJwt(minted.token)).toMatchObject({
      iss: ISSUER,
      sub: 'alice',
      tid: 'acme',
      ins: 'ins_1',
      exp: minted.expiresAt,
    });
    await expect(
      tokens.verify(minted.token, { extensionId: install.extensionId, tenantId: 'acme' }),
    ).resolves.toMatchObject({
      ext: 'com.acme.hello',
      ch: install.contentHash,
    });
    expect(tokens.jwks().keys).toEqual([expect.objectContaining({ kid: key.kid, x: key.x, alg: 'EdDSA' })]);
    expect(JSON.stringify(tokens.jwks())).not.toContain(String(key.d));
  });

  it('rotates: tokens of the old key stay valid while it is listed, and are refused once it is dropped', async () => {
    const oldKey = await generateExtensionTokenKey();
    const newKey = await generateExtensionTokenKey();
    const before = await createExtensionTokens({ keys: [oldKey], issuer: ISSUER });
    const oldToken = (await before.mint(subject)).token;

    const during = await createExtensionTokens({ keys: [newKey, publicOf(oldKey)], issuer: ISSUER });
    const newToken = (await during.mint(subject)).token;
    expect(decodeProtectedHeader(newToken).kid).toBe(newKey.kid);
    await expect(during.verify(oldToken)).resolves.toMatchObject({ sub: 'alice' });
    await expect(during.verify(newToken)).resolves.toMatchObject({ sub: 'alice' });
    expect(during.jwks().keys.map((k) => k.kid)).toEqual([newKey.kid, oldKey.kid]);

    const after = await createExtensionTokens({ keys: [newKey], issuer: ISSUER });
    expect(await refusal(after.verify(oldToken))).toMatchObject({ code: 'token_invalid' });
    await expect(after.verify(newToken)).resolves.toMatchObject({ sub: 'alice' });
  });

  it('refuses a token that names a listed kid but was signed by another key', async () => {
    const key = await generateExtensionTokenKey();
    const impostor = await generateExtensionTokenKey();
    const tokens = await createExtensionTokens({ keys: [key], issuer: ISSUER });
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({
      tid: 'acme',
      ext: install.extensionId,
      ins: install.id,
      ch: install.contentHash,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid! })
      .setIssuer(ISSUER)
      .setAudience('extsys-gateway')
      .setSubject('alice')
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 60)
      .setJti('forged-token-id-0123')
      .sign(await importJWK(impostor, 'EdDSA'));
    expect(await refusal(tokens.verify(forged))).toMatchObject({ code: 'token_invalid' });
  });

  it('says which expectation a valid token fails', async () => {
    const tokens = await createExtensionTokens({ keys: [await generateExtensionTokenKey()], issuer: ISSUER });
    const { token } = await tokens.mint(subject);
    expect(await refusal(tokens.verify(token, { extensionId: 'com.acme.other' }))).toMatchObject({
      code: 'extension_mismatch',
      message: 'this token is for com.acme.hello, not com.acme.other',
    });
    expect(await refusal(tokens.verify(token, { tenantId: 'globex' }))).toMatchObject({ code: 'tenant_mismatch' });
    expect(await refusal(tokens.verify(token, { installId: 'ins_2' }))).toMatchObject({ code: 'extension_mismatch' });
    expect(await refusal(tokens.verify('not-a-jwt'))).toMatchObject({ code: 'token_invalid' });
  });

  it('refuses to mint a token no gateway would accept, naming the field', async () => {
    const tokens = await createExtensionTokens({ keys: [await generateExtensionTokenKey()], issuer: ISSUER });
    const refused = await refusal(tokens.mint({ ...subject, install: { ...install, id: 'northwind.hello' } }));
    expect(refused.code).toBe('bad_request');
    expect(refused.message).toMatch(
      /^mint\(\): this subject makes a token no gateway accepts: .*ins.*install\.id → ins/,
    );
    expect(await refusal(tokens.mint({ ...subject, install: { ...install, contentHash: 'abc' } }))).toMatchObject({
      code: 'bad_request',
    });
  });

  it('refuses a setup it cannot sign with, naming the problem', async () => {
    const key = await generateExtensionTokenKey();
    await expect(createExtensionTokens({ keys: [], issuer: ISSUER })).rejects.toThrow(/at least one key/);
    await expect(createExtensionTokens({ keys: [publicOf(key)], issuer: ISSUER })).rejects.toThrow(
      /keys\[0\] signs new tokens, so it must be a private key/,
    );
    await expect(createExtensionTokens({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }], issuer: ISSUER })).rejects.toThrow(
      /keys\[0\] is not an Ed25519 JWK/,
    );
    await expect(createExtensionTokens({ keys: [key, key], issuer: ISSUER })).rejects.toThrow(/repeats the kid/);
    await expect(createExtensionTokens({ keys: [key], issuer: ISSUER, ttlSeconds: 601 })).rejects.toThrow(
      /ttlSeconds must be a whole number from 1 to 600/,
    );
  });
});
