import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  calculateJwkThumbprint,
  type JWK,
  type CryptoKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { nanoid } from 'nanoid';
import {
  ExtTokenClaims,
  TOKEN_AUDIENCE,
  TOKEN_CLOCK_LEEWAY_SECONDS,
  parseOrError,
  type ContentHash,
} from '@extsys/protocol';
import { GatewayError } from './errors.js';

export interface TokenSubject {
  userId: string;
  tenantId: string;
  extensionId: string;
  installId: string;
  contentHash: ContentHash;
}

/** `nbf` is backdated so a client whose clock is a little behind can use a fresh token at once. */
const NOT_BEFORE_BACKDATE_SECONDS = 5;

/**
 * Extension tokens: EdDSA (Ed25519) JWTs minted for one user, tenant, install and content hash,
 * verified only by this gateway. The key is generated on first start and kept in the data folder;
 * its public half is served as a JWKS.
 */
export class TokenService {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly publicJwk: JWK,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {}

  static async load(dataDir: string, issuer: string, ttlSeconds: number): Promise<TokenService> {
    const path = join(dataDir, 'token-signing-key.jwk.json');
    let privateJwk: JWK;
    if (existsSync(path)) {
      privateJwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      privateJwk = await exportJWK(privateKey);
      privateJwk.kid = await calculateJwkThumbprint(privateJwk);
      writeFileSync(path, JSON.stringify(privateJwk), { mode: 0o600 });
    }
    const { d: _secret, ...publicJwk } = privateJwk;
    const privateKey = (await importJWK(privateJwk, 'EdDSA')) as CryptoKey;
    const publicKey = (await importJWK(publicJwk, 'EdDSA')) as CryptoKey;
    return new TokenService(privateKey, publicKey, { ...publicJwk, alg: 'EdDSA', use: 'sig' }, issuer, ttlSeconds);
  }

  async mint(subject: TokenSubject): Promise<{ token: string; expiresAt: number; ttlMs: number }> {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + this.ttlSeconds;
    const token = await new SignJWT({
      tid: subject.tenantId,
      ext: subject.extensionId,
      ins: subject.installId,
      ch: subject.contentHash,
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', ...(this.publicJwk.kid ? { kid: this.publicJwk.kid } : {}) })
      .setIssuer(this.issuer)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(subject.userId)
      .setIssuedAt(now)
      .setNotBefore(now - NOT_BEFORE_BACKDATE_SECONDS)
      .setExpirationTime(expiresAt)
      .setJti(nanoid(21))
      .sign(this.privateKey);
    return { token, expiresAt, ttlMs: this.ttlSeconds * 1000 };
  }

  /**
   * Tokens already verified, until they expire: the signature check (WebCrypto Ed25519) is the
   * costliest step of a proxied call, and a page reuses its token for minutes.
   */
  private readonly verified = new LRUCache<string, ExtTokenClaims>({ max: 10_000 });

  /** Verifies a bearer token; every failure is a distinct code (`token_expired`, `token_invalid`, ...). */
  async verify(token: string): Promise<ExtTokenClaims> {
    const cached = this.verified.get(token);
    if (cached) {
      if (cached.exp + TOKEN_CLOCK_LEEWAY_SECONDS > Date.now() / 1000) return cached;
      this.verified.delete(token);
    }
    const claims = await this.verifySignature(token);
    this.verified.set(token, claims);
    return claims;
  }

  private async verifySignature(token: string): Promise<ExtTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['EdDSA'],
        audience: TOKEN_AUDIENCE,
        issuer: this.issuer,
        clockTolerance: TOKEN_CLOCK_LEEWAY_SECONDS,
        requiredClaims: ['exp', 'nbf', 'iat', 'jti', 'sub'],
      });
      const parsed = parseOrError(ExtTokenClaims, payload, { label: 'token' });
      if (!parsed.ok)
        throw new GatewayError(
          'token_invalid',
          `the token's claims are not an extension token's: ${parsed.error.message}`,
        );
      return parsed.value;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        throw new GatewayError('token_expired', 'the extension token has expired; ask the host for a new one');
      }
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        const reason = error.claim === 'nbf' ? 'is not valid yet (nbf)' : `has a wrong "${error.claim}" claim`;
        throw new GatewayError('token_invalid', `the extension token ${reason}`, { claim: error.claim });
      }
      throw new GatewayError('token_invalid', 'the extension token is not a valid token signed by this host');
    }
  }
}
