import * as z from 'zod/mini';
import { boundedText } from '../primitives/schema-builders.js';
import { Theme } from '../theme/schema.js';
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
} as const;
export type ExtensionMethodName = keyof typeof EXTENSION_METHODS;
