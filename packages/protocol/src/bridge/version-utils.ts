// Version arithmetic without zod (the ext SDK uses it without the schemas).
/**
 * The bridge protocol version, "MAJOR.MINOR".
 *
 * Compatibility rule (the host decides, at hello time):
 * - Same major: compatible. Both sides speak the highest minor they share, i.e.
 *   min(host max, SDK max). A newer minor only ADDS optional fields, methods and features; a side
 *   never uses a method or feature the other did not announce (the SDK's `features`, the host's
 *   granted `hostFeatures`), and ignores optional fields it does not know.
 * - Different major: incompatible. The host refuses the hello with `protocol_incompatible`
 *   (the SDK rejects `connect()` with that error) and logs the same sentence in the host console;
 *   the iframe stays mounted so the extension can show it, and nothing else is sent.
 * - Removing or changing anything (a message field, a method, an error code, a token name) is a
 *   major change.
 */
export const PROTOCOL_VERSION = '1.2';
// Minors: 1.1 added `HostContext.timeZone` and the `contextChanged` push; 1.2 entry points,
// modals, view state and the lifecycle (see PROTOCOL_ADDITIONS).

function parts(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('.');
  return [Number(major), Number(minor)];
}

export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = parts(a);
  const [bMajor, bMinor] = parts(b);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The major of a "MAJOR.MINOR" version. */
export function majorOf(version: string): number {
  return parts(version)[0];
}
