import * as z from 'zod/mini';
import { MountNonce } from '../primitives/ids.js';
import { Origin } from '../primitives/paths.js';
import { ThemeMode } from '../theme/schema.js';
import { ProtocolVersion } from './version.js';
import { decodeMountFragment, encodeMountFragment } from './fragment-codec.js';

export { decodeMountFragment, encodeMountFragment };

/**
 * What the iframe URL's fragment carries, so the SDK has it before any message can arrive.
 * The fragment never reaches a server, a log or a Referer. Short keys keep the URL small:
 * `#n=<nonce>&o=<parent origin>&v=<protocol>&m=<theme mode>`.
 */
export const MountFragment = z.strictObject({
  nonce: MountNonce,
  parentOrigin: Origin,
  protocol: ProtocolVersion,
  mode: ThemeMode,
});
export type MountFragment = z.infer<typeof MountFragment>;
