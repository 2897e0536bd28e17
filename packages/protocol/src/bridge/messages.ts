import * as z from 'zod/mini';
import { boundedText } from '../primitives/schema-builders.js';
import { Theme } from '../theme/schema.js';
import { HostSubject, UNMOUNT_REASONS } from './entry-points.js';
import { Locale, RoutePath, TextDirection, TimeZone, TokenGrant } from './handshake.js';

/** The host's router moved (back button, menu): the extension should show `path`. */
export const HostNavigate = z.strictObject({ path: RoutePath });
export type HostNavigate = z.infer<typeof HostNavigate>;

/**
 * The user's locale, text direction or time zone changed while the page lives: the fields that
 * changed (since protocol 1.1, sent only to an SDK that announced the `context` feature).
 */
export const ContextChange = z.strictObject({
  locale: z.optional(Locale),
  direction: z.optional(TextDirection),
  timeZone: z.optional(TimeZone),
});
export type ContextChange = z.infer<typeof ContextChange>;

/** A panel's host object changed (the user selected another record): since 1.2, SDK feature `entry`. */
export const SubjectChange = z.strictObject({ subject: HostSubject });
export type SubjectChange = z.infer<typeof SubjectChange>;

/** The frame was hidden or shown (host tab, collapsed panel, background browser tab): since 1.2, SDK feature `lifecycle`. */
export const VisibilityChange = z.strictObject({ visible: z.boolean() });
export type VisibilityChange = z.infer<typeof VisibilityChange>;

/**
 * The host is about to take the page away: it waits for the answer at most `timeoutMs` (the page
 * flushes its state meanwhile), then unmounts whatever happened. Since 1.2, SDK feature `lifecycle`.
 */
export const BeforeUnmount = z.strictObject({
  reason: z.enum(UNMOUNT_REASONS),
  timeoutMs: z.int().check(z.gte(0), z.lte(10_000)),
});
export type BeforeUnmount = z.infer<typeof BeforeUnmount>;

export const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'lost', 'failed', 'destroyed'] as const;
export const ConnectionState = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const ConnectionStateEvent = z.strictObject({
  state: ConnectionState,
  reason: z.optional(boundedText(500)),
});
export type ConnectionStateEvent = z.infer<typeof ConnectionStateEvent>;

/** Methods the extension page exposes to the host (conventions in method-types.ts). */
export const EXTENSION_METHODS = {
  themeChanged: { params: Theme, result: z.null() },
  tokenChanged: { params: TokenGrant, result: z.null() },
  navigate: { params: HostNavigate, result: z.null() },
  connectionState: { params: ConnectionStateEvent, result: z.null() },
  contextChanged: { params: ContextChange, result: z.null() },
  subjectChanged: { params: SubjectChange, result: z.null() },
  visibilityChanged: { params: VisibilityChange, result: z.null() },
  beforeUnmount: { params: BeforeUnmount, result: z.null() },
} as const;
export type ExtensionMethodName = keyof typeof EXTENSION_METHODS;
