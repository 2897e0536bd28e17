import * as z from 'zod/mini';
import { PROTOCOL_VERSION, ProtocolVersion, compareVersions, majorOf } from '../bridge/version.js';

/** The range of versions one side speaks, both ends inclusive, within one major. */
export const ProtocolRange = z
  .strictObject({ min: ProtocolVersion, max: ProtocolVersion })
  .check(z.refine((range) => compareVersions(range.min, range.max) <= 0, 'min must not be above max'));
export type ProtocolRange = z.infer<typeof ProtocolRange>;

export type Negotiation = { ok: true; version: ProtocolVersion } | { ok: false; reason: string };

/** Picks the version both sides speak, or explains in one sentence why there is none. */
export function negotiateVersion(host: ProtocolRange, sdk: ProtocolRange): Negotiation {
  const best = compareVersions(host.max, sdk.max) <= 0 ? host.max : sdk.max;
  const floor = compareVersions(host.min, sdk.min) >= 0 ? host.min : sdk.min;
  if (majorOf(best) === majorOf(floor) && compareVersions(floor, best) <= 0) return { ok: true, version: best };
  const sdkNewer = compareVersions(sdk.min, host.max) > 0;
  return {
    ok: false,
    reason:
      `The extension SDK speaks bridge protocol ${sdk.min}–${sdk.max} and this host speaks ` +
      `${host.min}–${host.max}; ` +
      (sdkNewer
        ? 'upgrade the host bridge (@extsys/host-bridge) or pin the extension to an older SDK.'
        : 'rebuild the extension with a newer @extsys/ext-sdk.'),
  };
}

/** What this build of the protocol speaks. */
export const SUPPORTED_RANGE: ProtocolRange = { min: '1.0', max: PROTOCOL_VERSION };

/**
 * What each minor added, for a host to send only what the negotiated version has (an SDK refuses a
 * context field it does not know; a push method is also gated by the SDK's announced feature):
 * - 1.1: `HostContext.timeZone`; the `contextChanged` push (SDK feature `context`).
 * - 1.2: `HostContext.entry` and `visible`; the `subjectChanged` push (SDK feature `entry`), the
 *   `visibilityChanged` and `beforeUnmount` pushes (SDK feature `lifecycle`); the host methods
 *   `openModal` (host feature `modal`), `closeView`, `getViewState`, `setViewState`, `setDirty`.
 */
export const PROTOCOL_ADDITIONS = { timeZone: '1.1', entry: '1.2', visible: '1.2' } as const;
