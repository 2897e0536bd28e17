import * as z from 'zod/mini';
import { ContentHash, ExtensionId, InstallId, TenantId, UserId } from '../primitives/ids.js';

/** `aud` of every extension token: only the gateway accepts them. */
export const TOKEN_AUDIENCE = 'extsys-gateway';
/** Upper bound of an extension token's lifetime. */
export const MAX_TOKEN_TTL_SECONDS = 600;
/** Clock leeway the gateway allows on `exp` and `nbf`. */
export const TOKEN_CLOCK_LEEWAY_SECONDS = 30;

const Seconds = z.int().check(z.gte(0));

/**
 * Claims of an extension token (EdDSA JWT minted by the host for one user, tenant and install).
 * Short claim names keep the token small; it rides on every API call.
 */
export const ExtTokenClaims = z
  .strictObject({
    iss: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(256),
        z.describe("The issuer: the host's own origin, which the gateway checks; 1 to 256 characters."),
      ),
    aud: z
      .literal(TOKEN_AUDIENCE)
      .check(z.describe('The audience: always `extsys-gateway`, so that only the gateway accepts the token.')),
    sub: UserId.check(z.describe('The user the token was minted for: 1 to 64 letters, digits, `_` or `-`.')),
    tid: TenantId.check(z.describe("The user's tenant: 1 to 64 letters, digits, `_` or `-`.")),
    ext: ExtensionId.check(
      z.describe(
        'The extension the token is for, such as `com.acme.hello`; it must be the extension the API call addresses.',
      ),
    ),
    ins: InstallId.check(z.describe("The tenant's install of the extension: 1 to 64 letters, digits, `_` or `-`.")),
    ch: ContentHash.check(
      z.describe(
        'The content hash of the installed bundle when the token was minted (`sha256:` and 64 lower-case hex digits); the gateway refuses the token once the install runs a bundle with another UI.',
      ),
    ),
    jti: z
      .string()
      .check(z.minLength(16), z.maxLength(64), z.describe('A unique id of this token, 16 to 64 characters.')),
    iat: Seconds.check(z.describe('When the token was issued, in whole seconds since the Unix epoch.')),
    nbf: Seconds.check(
      z.describe(
        'When the token becomes valid, in whole seconds since the Unix epoch; the gateway allows 30 s of clock skew.',
      ),
    ),
    exp: Seconds.check(
      z.describe(
        'When the token expires, in whole seconds since the Unix epoch: after `iat` and at most 600 s later; the gateway allows 30 s of clock skew.',
      ),
    ),
  })
  .check(
    z.refine((c) => c.exp > c.iat && c.exp - c.iat <= MAX_TOKEN_TTL_SECONDS, {
      error: `exp must be after iat and at most ${MAX_TOKEN_TTL_SECONDS} s later`,
      path: ['exp'],
    }),
  );
export type ExtTokenClaims = z.infer<typeof ExtTokenClaims>;

/** `POST /api/ext-token` body, from the host page of a logged-in user. */
export const ExtTokenRequest = z.strictObject({
  extensionId: ExtensionId.check(
    z.describe(
      "The extension to mint a token for, such as `com.acme.hello`; it must be installed and enabled for the user's tenant.",
    ),
  ),
});
export type ExtTokenRequest = z.infer<typeof ExtTokenRequest>;

export const ExtTokenResponse = z.strictObject({
  token: z
    .string()
    .check(
      z.minLength(16),
      z.maxLength(8192),
      z.describe('The extension token, a signed JWT the extension sends as `Authorization: Bearer <token>`.'),
    ),
  expiresAt: Seconds.check(
    z.describe("When the token expires, in whole seconds since the Unix epoch (the JWT's `exp`)."),
  ),
  // In milliseconds from minting, so clients need not trust their clocks.
  ttlMs: z.int().check(z.gte(0), z.describe('How long the token is valid from when it was minted, in milliseconds.')),
});
export type ExtTokenResponse = z.infer<typeof ExtTokenResponse>;

/** An `Idempotency-Key`: the gateway scopes it per tenant + extension before anything stores it. */
export const IdempotencyKey = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9._:-]+$/, 'must contain only letters, digits, ".", "_", ":" and "-"'),
  );
