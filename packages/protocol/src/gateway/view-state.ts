// The demo host's view-state routes: where a host page keeps its extensions' view state on the
// server (per user), so it survives a host page reload and follows the user to another browser.
import * as z from 'zod/mini';
import { EntryPointId, ViewState } from '../bridge/entry-points.js';
import { RoutePath } from '../bridge/handshake.js';
import { InstallId } from '../primitives/ids.js';

/** `GET` (query) and `PUT` (JSON body) of one view state; the session cookie names the user. */
export const HOST_VIEW_STATE_ROUTE = '/api/host/view-state';

/**
 * Which view state, besides the user: the install (of the user's tenant), the entry point and,
 * when the page scoped its state to a route, that route. The extension is the install's.
 */
export const HostViewStateKey = z.strictObject({
  installId: InstallId,
  entryPoint: EntryPointId,
  route: z.optional(RoutePath),
});
export type HostViewStateKey = z.infer<typeof HostViewStateKey>;

/** `GET /api/host/view-state?installId=&entryPoint=&route=` (an empty `route` is the same as none). */
export const HostViewStateQuery = HostViewStateKey;
export type HostViewStateQuery = HostViewStateKey;

/** `PUT /api/host/view-state`: stores `state`, or clears it with `null`. */
export const HostViewStateUpdate = z.strictObject({
  installId: InstallId,
  entryPoint: EntryPointId,
  route: z.optional(RoutePath),
  state: z.nullable(ViewState),
});
export type HostViewStateUpdate = z.infer<typeof HostViewStateUpdate>;

/** The answer of both: the stored state (after a `PUT`, what is stored now), or null for none. */
export const HostViewStateAnswer = z.strictObject({ state: z.nullable(ViewState) });
export type HostViewStateAnswer = z.infer<typeof HostViewStateAnswer>;
