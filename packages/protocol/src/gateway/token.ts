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
    iss: z.string().check(z.minLength(1), z.maxLength(256)),
    aud: z.literal(TOKEN_AUDIENCE),
    sub: UserId,
    tid: TenantId,
    ext: ExtensionId,
    ins: InstallId,
    ch: ContentHash,
    jti: z.string().check(z.minLength(16), z.maxLength(64)),
    iat: Seconds,
    nbf: Seconds,
    exp: Seconds,
  })
  .check(
    z.refine((c) => c.exp > c.iat && c.exp - c.iat <= MAX_TOKEN_TTL_SECONDS, {
      error: `exp must be after iat and at most ${MAX_TOKEN_TTL_SECONDS} s later`,
      path: ['exp'],
    }),
  );
export type ExtTokenClaims = z.infer<typeof ExtTokenClaims>;

/** `POST /api/ext-token` body, from the host page of a logged-in user. */
export const ExtTokenRequest = z.strictObject({ extensionId: ExtensionId });
export type ExtTokenRequest = z.infer<typeof ExtTokenRequest>;

export const ExtTokenResponse = z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(8192)),
  /** Seconds since the epoch, from the JWT's `exp`. */
  expiresAt: Seconds,
  /** Lifetime at minting, so clients need not trust their clocks. */
  ttlMs: z.int().check(z.gte(0)),
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
