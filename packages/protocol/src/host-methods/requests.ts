import * as z from 'zod/mini';
import { check } from '../primitives/checks.js';
import { HeaderMap, HttpMethod, HttpStatus } from '../primitives/http.js';
import { RequestId } from '../primitives/ids.js';
import { ApiPath, HttpUrl } from '../primitives/paths.js';
import { boundedText } from '../primitives/schema-builders.js';
import { BRIDGE_LIMITS } from '../bridge/limits.js';
import { RoutePath } from '../bridge/handshake.js';

export const TokenRequest = z.strictObject({
  /** `expiring`: proactive; `unauthorized`: the gateway answered 401; `forced`: the author asked. */
  reason: z.enum(['expiring', 'unauthorized', 'forced']),
  /** The SDK wants a token that stays valid at least this long. */
  minTtlMs: z.optional(z.int().check(z.gte(0), z.lte(60 * 60 * 1000))),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

export const NavigateRequest = z.strictObject({ path: RoutePath, replace: z.optional(z.boolean()) });
export type NavigateRequest = z.infer<typeof NavigateRequest>;

export const ResizeRequest = z.strictObject({
  /** CSS pixels of content height, rounded up by the SDK; the host clamps it to its limits. */
  height: z.number().check(z.gte(0), z.lte(1_000_000)),
});
export type ResizeRequest = z.infer<typeof ResizeRequest>;

export const ToastRequest = z.strictObject({
  message: boundedText(500),
  tone: z._default(z.enum(['info', 'success', 'warning', 'danger']), 'info'),
  durationMs: z.optional(z.int().check(z.gte(1000), z.lte(60_000))),
});
export type ToastRequest = z.infer<typeof ToastRequest>;

export const ConfirmRequest = z.strictObject({
  title: boundedText(120),
  message: boundedText(2000),
  confirmLabel: z.optional(boundedText(40)),
  cancelLabel: z.optional(boundedText(40)),
  tone: z._default(z.enum(['default', 'danger']), 'default'),
});
export type ConfirmRequest = z.infer<typeof ConfirmRequest>;
export const ConfirmResult = z.strictObject({ confirmed: z.boolean() });
export type ConfirmResult = z.infer<typeof ConfirmResult>;

/** Opened by the host in a new browsing context with `noopener`, if its allowlist permits. */
export const OpenLinkRequest = z.strictObject({ url: HttpUrl });
export type OpenLinkRequest = z.infer<typeof OpenLinkRequest>;

export const SetTitleRequest = z.strictObject({ title: boundedText(120) });
export type SetTitleRequest = z.infer<typeof SetTitleRequest>;

// z.custom rather than z.instanceof: instanceof infers Uint8Array<ArrayBuffer>, which would refuse
// the Uint8Array<ArrayBufferLike> every TextEncoder, fetch and Buffer hands an author.
const Bytes = z
  .custom<Uint8Array>(check('bytes'), {
    error: 'must be a Uint8Array (raw bytes, not a base64 string)',
  })
  .check(
    z.refine(
      check('maxBytes', BRIDGE_LIMITS.maxApiBodyBytes),
      `must be at most ${BRIDGE_LIMITS.maxApiBodyBytes} bytes`,
    ),
  );

/**
 * An API call the host performs for the extension (bridge transport). Bodies are bytes, moved as
 * transferables, never base64.
 */
export const ApiRequest = z.strictObject({
  id: RequestId,
  method: HttpMethod,
  path: ApiPath,
  headers: HeaderMap,
  body: z.optional(Bytes),
  timeoutMs: z.int().check(z.gte(1), z.lte(120_000)),
});
export type ApiRequest = z.infer<typeof ApiRequest>;

export const ApiResponse = z.strictObject({
  status: HttpStatus,
  headers: HeaderMap,
  body: Bytes,
  requestId: z.optional(RequestId),
});
export type ApiResponse = z.infer<typeof ApiResponse>;

/** The extension gave up on a call (abort or deadline): the host aborts its fetch too. */
export const ApiCancel = z.strictObject({ id: RequestId });
export type ApiCancel = z.infer<typeof ApiCancel>;
