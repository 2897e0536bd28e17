import * as z from 'zod/mini';
import { check } from '../primitives/checks.js';
import { HeaderMap, HttpMethod, HttpStatus } from '../primitives/http.js';
import { RequestId } from '../primitives/ids.js';
import { ApiPath, HttpUrl } from '../primitives/paths.js';
import { boundedText } from '../primitives/schema-builders.js';
import { BRIDGE_LIMITS } from '../bridge/limits.js';
import { RoutePath } from '../bridge/handshake.js';
import { ENTRY_DATA_LIMITS, EntryPointId, ModalSize, ViewState } from '../bridge/entry-points.js';
import { jsonValue } from '../bridge/json-value.js';

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

/** Opens another entry point of the same extension (target `modal`) in a host dialog (host feature `modal`). */
export const OpenModalRequest = z.strictObject({
  entryPoint: EntryPointId,
  /** A path inside the UI to open instead of the entry point's own. */
  path: z.optional(RoutePath),
  size: z._default(ModalSize, 'medium'),
  /** The dialog's accessible name; default the entry point's label. */
  title: z.optional(boundedText(120)),
  /** Data for the modal's page: its `entry.input`. */
  context: z.optional(jsonValue(ENTRY_DATA_LIMITS.modalDataBytes)),
});
export type OpenModalRequest = z.infer<typeof OpenModalRequest>;

/** How a modal ended: the value its page closed with, or dismissed by the user (Esc, the close button). */
export const ModalOutcome = z.strictObject({
  dismissed: z.boolean(),
  value: z.optional(jsonValue(ENTRY_DATA_LIMITS.modalDataBytes)),
});
export type ModalOutcome = z.infer<typeof ModalOutcome>;

/**
 * A modal's page is done: the host closes it and answers the opener's `openModal` with `result`.
 * With `dismiss`, the user asked to dismiss it from inside the page (Esc, which never reaches the
 * host's dialog from inside the frame): the host runs its own dismiss, asking first when there are
 * unsaved changes, and the opener gets nothing.
 */
export const CloseViewRequest = z.strictObject({
  result: z.optional(jsonValue(ENTRY_DATA_LIMITS.modalDataBytes)),
  dismiss: z.optional(z.boolean()),
});
export type CloseViewRequest = z.infer<typeof CloseViewRequest>;

/** Which view state: the entry point's, or (with `route`) the one of that route inside it. */
export const ViewStateQuery = z.strictObject({ route: z.optional(RoutePath) });
export type ViewStateQuery = z.infer<typeof ViewStateQuery>;

/** Stores (or with `state: null` clears) a view state. */
export const SetViewStateRequest = z.strictObject({ route: z.optional(RoutePath), state: z.nullable(ViewState) });
export type SetViewStateRequest = z.infer<typeof SetViewStateRequest>;

/** The page has unsaved changes: the host asks the user before it navigates away, closes or unloads it. */
export const SetDirtyRequest = z.strictObject({ dirty: z.boolean() });
export type SetDirtyRequest = z.infer<typeof SetDirtyRequest>;
