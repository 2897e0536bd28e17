import * as z from 'zod/mini';
import { ErrorEnvelope } from '../errors/envelope.js';
import { ContentHash, ExtensionId, InstallId, SemVer, TenantId } from '../primitives/ids.js';
import { ApiPath, HttpUrl } from '../primitives/paths.js';
import { boundedText, uniqueList } from '../primitives/schema-builders.js';
import { Theme } from '../theme/schema.js';
import { EntryContext } from './entry-points.js';
import { HostFeature } from './features.js';
import { ProtocolVersion } from './version.js';

/** A path inside the extension's own UI routing (`/records/42?tab=notes`): same rules as API paths. */
export const RoutePath = ApiPath;
export type RoutePath = z.infer<typeof RoutePath>;

/**
 * A bearer token for the gateway and how long it stays valid, relative to when it was sent, so
 * that a skewed clock in either window cannot make a fresh token look expired.
 */
export const TokenGrant = z.strictObject({
  token: z
    .string()
    .check(
      z.minLength(16),
      z.maxLength(8192),
      z.regex(/^[A-Za-z0-9._~+/=-]+$/, 'must be a bearer token (JWT characters only)'),
    ),
  ttlMs: z.int().check(z.gte(0), z.lte(24 * 60 * 60 * 1000)),
});
export type TokenGrant = z.infer<typeof TokenGrant>;

export const API_TRANSPORTS = ['direct', 'bridge'] as const;

/** BCP 47 language tag, e.g. `en-GB`. */
export const Locale = z
  .string()
  .check(z.maxLength(35), z.regex(/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag'));
export const TextDirection = z.enum(['ltr', 'rtl']);
/** An IANA time zone name, e.g. `Europe/Paris`, `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT+5`. */
export const TimeZone = z
  .string()
  .check(z.maxLength(64), z.regex(/^[A-Za-z][\w+-]*(?:\/[A-Za-z0-9][\w+-]*){0,2}$/, 'must be an IANA time zone'));

/** Everything the host gives an accepted extension page. */
export const HostContext = z.strictObject({
  /** The version both sides speak from now on (see `negotiateVersion`). */
  protocol: ProtocolVersion,
  extension: z.strictObject({
    id: ExtensionId,
    installId: InstallId,
    version: SemVer,
    contentHash: ContentHash,
    title: boundedText(80),
  }),
  tenant: z.strictObject({ id: TenantId, displayName: boundedText(120) }),
  theme: Theme,
  auth: TokenGrant,
  gateway: z.strictObject({
    /** Origin (+ optional prefix) of the host's API gateway; the SDK appends `/api/ext/{id}{path}`. */
    baseUrl: HttpUrl,
    /** `direct`: the SDK calls the gateway with fetch. `bridge`: the host performs the call. */
    transport: z.enum(API_TRANSPORTS),
  }),
  locale: Locale,
  direction: TextDirection,
  /** The user's time zone (since protocol 1.1: absent when 1.0 was negotiated). */
  timeZone: z.optional(TimeZone),
  initialPath: RoutePath,
  /** The entry point this page was mounted as and its target's context (since 1.2; absent: the `main` page). */
  entry: z.optional(EntryContext),
  /** Whether the frame is visible now (since 1.2; absent: visible). `visibilityChanged` tells changes. */
  visible: z.optional(z.boolean()),
  /** Host UI services this mount may use: the manifest's request ∩ the host's policy. */
  hostFeatures: uniqueList(HostFeature, 8),
  limits: z.strictObject({
    maxApiBodyBytes: z.int().check(z.gte(0)),
    callTimeoutMs: z.int().check(z.gte(1)),
  }),
});
export type HostContext = z.infer<typeof HostContext>;

/**
 * A bridge method's answer. Errors travel as data because structured clone keeps only an Error's
 * name and message: a rejected promise would lose the code, status and request id.
 */
export function bridgeResult<T extends z.ZodMiniType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), error: ErrorEnvelope }),
  ]);
}
