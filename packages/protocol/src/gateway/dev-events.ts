import * as z from 'zod/mini';
import { ExtensionId, SemVer, TenantId } from '../primitives/ids.js';

// The development-only routes of a gateway run for `extsys dev` (GATEWAY_DEV_EVENTS): what the
// CLI, the gateway and the host page say to each other about the author's builds and frames.

/** The routes: the host page's event stream, the CLI's build reports, the page's frame reports. */
export const DEV_API = {
  events: '/api/dev/events',
  buildStatus: '/api/dev/build-status',
  frameEvents: '/api/dev/frame-events',
} as const;

/** A build report's message (the compiler's report with its code frame) is cut to this length. */
export const MAX_BUILD_MESSAGE_CHARS = 16_384;
/** A frame event's error code and message are cut to these lengths. */
export const MAX_FRAME_EVENT_CODE_CHARS = 64;
export const MAX_FRAME_EVENT_MESSAGE_CHARS = 1024;

/** `POST /api/dev/build-status` (platform admin token): how the author's latest build went. */
export const BuildStatusReport = z.strictObject({
  extensionId: ExtensionId,
  ok: z.boolean(),
  /** The build error (file:line and message) when `ok` is false; longer is cut (the terminal has all). */
  message: z.optional(z.string().check(z.maxLength(MAX_BUILD_MESSAGE_CHARS))),
});
export type BuildStatusReport = z.infer<typeof BuildStatusReport>;

/** What a frame just did, as the host page reports it (the CLI prints it). */
export const FrameEvent = z.enum(['connecting', 'connected', 'reconnecting', 'error', 'token']);
export type FrameEvent = z.infer<typeof FrameEvent>;

/** `POST /api/dev/frame-events` (session): one of the page's frames changed state. */
export const FrameEventReport = z.strictObject({
  extensionId: ExtensionId,
  event: FrameEvent,
  code: z.optional(z.string().check(z.maxLength(MAX_FRAME_EVENT_CODE_CHARS))),
  message: z.optional(z.string().check(z.maxLength(MAX_FRAME_EVENT_MESSAGE_CHARS))),
});
export type FrameEventReport = z.infer<typeof FrameEventReport>;

/** Event `ready` of the stream, sent once on connect: dev mode is on, for this tenant. */
export const DevStreamReady = z.strictObject({ tenantId: TenantId });
export type DevStreamReady = z.infer<typeof DevStreamReady>;

/** Event `installs`: an install of the page's tenant changed (reload the extension list). */
export const InstallChangedEvent = z.strictObject({
  tenantId: TenantId,
  extensionId: ExtensionId,
  version: SemVer,
});
export type InstallChangedEvent = z.infer<typeof InstallChangedEvent>;

/** Event `build`: a build report as relayed to pages, with when the gateway received it. */
export const BuildStatusEvent = z.strictObject({
  ...BuildStatusReport.shape,
  /** ISO time. */
  at: z.string().check(z.maxLength(64)),
});
export type BuildStatusEvent = z.infer<typeof BuildStatusEvent>;

/** The stream's events after `ready`, by SSE event name. */
export type DevEvent = { type: 'installs'; data: InstallChangedEvent } | { type: 'build'; data: BuildStatusEvent };
