import {
  ExtTokenClaims,
  MAX_TOKEN_TTL_SECONDS,
  TOKEN_AUDIENCE,
  TOKEN_CLOCK_LEEWAY_SECONDS,
  parseOrError,
  type ExtTokenResponse,
} from '@extsys/protocol';
import { SignJWT, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWK } from 'jose';
import { nanoid } from 'nanoid';
import { HostServerError } from '../errors.js';
import { loadKeys, type ExtensionTokenKey, type LoadedKey } from './keys.js';
import { memoryTokenCache, type TokenCache } from './token-cache.js';

/** `nbf` is set this far in the past, so a verifier whose clock runs a little behind accepts a fresh token. */
const NOT_BEFORE_BACKDATE_SECONDS = 5;

export interface ExtensionTokensOptions {
  /**
   * Ed25519 JWKs. The first signs new tokens; every one verifies (by the token's `kid`). To rotate:
   * put the new key first and keep the old one (its public half is enough) until the tokens it
   * signed have expired — `ttlSeconds` plus the 30 s clock leeway (`TOKEN_CLOCK_LEEWAY_SECONDS`).
   */
  keys: readonly ExtensionTokenKey[];
  /** The `iss` of every token: the host's own origin, e.g. `https://app.example.com`. */
  issuer: string;
  /** Token lifetime (default 300, at most 600): the host bridge pushes a new one before it ends. */
  ttlSeconds?: number;
  /** Verified tokens until they expire (default: an in-memory LRU of 10,000); `false` verifies every call. */
  cache?: TokenCache | false;
}

/** What a token is minted for: one user of one tenant, on one install of an extension. */
export interface TokenSubject {
  user: string;
  tenant: string;
  install: { id: string; extensionId: string; contentHash: string };
}

/** What `verify` additionally requires of a token (each refusal has its own code). */
export interface ExpectedToken {
  extensionId?: string;
  tenantId?: string;
  installId?: string;
}

export interface ExtensionTokens {
  readonly issuer: string;
  readonly ttlSeconds: number;
  /** A token for the host page to hand to `<ExtensionFrame>` (`{token, expiresAt, ttlMs}`). */
  mint(subject: TokenSubject): Promise<ExtTokenResponse>;
  /** The claims of a valid token; else a `HostServerError` (`token_expired`, `token_invalid`, `extension_mismatch`, ...). */
  verify(token: string, expected?: ExpectedToken): Promise<ExtTokenClaims>;
  /** The public keys, for a `/.well-known/jwks.json` route if another service verifies tokens too. */
  jwks(): { keys: JWK[] };
}

/** Mints and verifies extension tokens: EdDSA JWTs with the claims of `@extsys/protocol`'s `ExtTokenClaims`. */
export async function createExtensionTokens(options: ExtensionTokensOptions): Promise<ExtensionTokens> {
  const ttlSeconds = options.ttlSeconds ?? 300;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
    throw new HostServerError(
      'internal',
      `createExtensionTokens: ttlSeconds must be a whole number from 1 to ${MAX_TOKEN_TTL_SECONDS}`,
    );
  }
  if (!options.issuer) throw new HostServerError('internal', 'createExtensionTokens: issuer is required');
  const keys = await loadKeys(options.keys);
  const signing = keys[0]!;
  const byKid = new Map(keys.map((key) => [key.kid, key]));
  const cache = options.cache === false ? undefined : (options.cache ?? memoryTokenCache());
  const { issuer } = options;

  async function mint(subject: TokenSubject): Promise<ExtTokenResponse> {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      aud: TOKEN_AUDIENCE,
      sub: subject.user,
      tid: subject.tenant,
      ext: subject.install.extensionId,
      ins: subject.install.id,
      ch: subject.install.contentHash,
      jti: nanoid(21),
      iat: now,
      nbf: now - NOT_BEFORE_BACKDATE_SECONDS,
      exp: now + ttlSeconds,
    };
    // A subject no verifier would accept is refused here, where the host can see why.
    const checked = parseOrError(ExtTokenClaims, claims, { label: 'token' });
    if (!checked.ok) {
      throw new HostServerError(
        'bad_request',
        `mint(): this subject makes a token no gateway accepts: ${checked.error.message} (user → sub, tenant → tid, install.extensionId → ext, install.id → ins, install.contentHash → ch)`,
      );
    }
    const { iss: _iss, aud: _aud, ...payload } = checked.value;
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: signing.kid })
      .setIssuer(issuer)
      .setAudience(TOKEN_AUDIENCE)
      .sign(signing.privateKey!);
    return { token, expiresAt: claims.exp, ttlMs: ttlSeconds * 1000 };
  }

  async function verify(token: string, expected: ExpectedToken = {}): Promise<ExtTokenClaims> {
    let claims = cache ? await cache.get(token) : undefined;
    if (claims && claims.exp + TOKEN_CLOCK_LEEWAY_SECONDS <= Date.now() / 1000) {
      await cache?.delete(token);
      claims = undefined;
    }
    if (!claims) {
      claims = await verifySignature(token, keyOf(token, byKid), issuer);
      await cache?.set(token, claims);
    }
    if (expected.extensionId !== undefined && claims.ext !== expected.extensionId) {
      throw new HostServerError('extension_mismatch', `this token is for ${claims.ext}, not ${expected.extensionId}`);
    }
    if (expected.tenantId !== undefined && claims.tid !== expected.tenantId) {
      throw new HostServerError('tenant_mismatch', 'this token is for another tenant');
    }
    if (expected.installId !== undefined && claims.ins !== expected.installId) {
      throw new HostServerError('extension_mismatch', 'this token is for another install of the extension');
    }
    return claims;
  }

  return { issuer, ttlSeconds, mint, verify, jwks: () => ({ keys: keys.map((key) => key.publicJwk) }) };
}

/** The key a token names by `kid` (a token without one is tried against the signing key). */
function keyOf(token: string, byKid: ReadonlyMap<string, LoadedKey>): LoadedKey {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new HostServerError('token_invalid', 'the extension token is not a JWT');
  }
  const key = kid === undefined ? byKid.values().next().value : byKid.get(kid);
  if (!key)
    throw new HostServerError('token_invalid', 'the extension token is signed by a key this host does not hold');
  return key;
}

async function verifySignature(token: string, key: LoadedKey, issuer: string): Promise<ExtTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['EdDSA'],
      audience: TOKEN_AUDIENCE,
      issuer,
      clockTolerance: TOKEN_CLOCK_LEEWAY_SECONDS,
      requiredClaims: ['exp', 'nbf', 'iat', 'jti', 'sub'],
    });
    const parsed = parseOrError(ExtTokenClaims, payload, { label: 'token' });
    if (!parsed.ok) {
      throw new HostServerError(
        'token_invalid',
        `the token's claims are not an extension token's: ${parsed.error.message}`,
      );
    }
    return parsed.value;
  } catch (error) {
    if (error instanceof HostServerError) throw error;
    if (error instanceof joseErrors.JWTExpired) {
      throw new HostServerError('token_expired', 'the extension token has expired; ask the host for a new one');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      const reason = error.claim === 'nbf' ? 'is not valid yet (nbf)' : `has a wrong "${error.claim}" claim`;
      throw new HostServerError('token_invalid', `the extension token ${reason}`, { claim: error.claim });
    }
    throw new HostServerError('token_invalid', 'the extension token is not a valid token signed by this host');
  }
}
