import { TOKEN_AUDIENCE } from '@extsys/protocol';
import { SignJWT, base64url, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { nanoid } from 'nanoid';
import type { ConformanceInstall, ConformanceTarget } from './target.js';

/** What a forged token may change: any claim (`undefined` drops it), the signing key, the `kid`. */
export interface ForgeOptions {
  claims?: Record<string, unknown>;
  /** Another private JWK to sign with (default: the host's own signing key). */
  key?: JWK;
  /** The `kid` of the header (default: the signing key's). */
  kid?: string;
}

/**
 * An extension token for `install` as the host mints it (EdDSA, the protocol's claims), signed with
 * the host's key unless `options.key` says otherwise; `options.claims` override the claims.
 */
export async function forgeToken(
  target: ConformanceTarget,
  install: ConformanceInstall,
  options: ForgeOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: target.tokens.issuer,
    aud: TOKEN_AUDIENCE,
    sub: install.userId,
    tid: install.tenantId,
    ext: install.extensionId,
    ins: install.installId,
    ch: install.contentHash,
    jti: nanoid(21),
    iat: now,
    nbf: now - 5,
    exp: now + 120,
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  const jwk = options.key ?? target.tokens.signingKey;
  const kid = options.kid ?? jwk.kid;
  const key = await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', ...(kid === undefined ? {} : { kid }) })
    .sign(key);
}

/** A valid token for `install`, as the host would mint it. */
export function validToken(target: ConformanceTarget, install = target.installs.primary): Promise<string> {
  return forgeToken(target, install);
}

/** A new Ed25519 private JWK no host holds. */
export async function foreignKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { ...(await exportJWK(privateKey)), kid: `foreign-${nanoid(8)}` };
}

/** `token` with its payload's claims changed and its signature kept: a tampered token. */
export function tamper(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>;
  return [header, base64url.encode(JSON.stringify({ ...claims, ...change })), signature].join('.');
}

/** An unsigned token (`alg: none`) with the claims of a valid one. */
export function unsignedToken(token: string): string {
  const [, payload] = token.split('.');
  return [base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' })), payload, ''].join('.');
}
