import * as z from 'zod/mini';
import { MountNonce } from '../primitives/ids.js';
import { Origin } from '../primitives/paths.js';
import { ThemeMode } from '../theme/schema.js';
import { ProtocolVersion } from './version.js';

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

const KEYS = { nonce: 'n', parentOrigin: 'o', protocol: 'v', mode: 'm' } as const;

/** `n=...&o=...&v=...&m=...` (without the leading `#`). */
export function encodeMountFragment(fragment: MountFragment): string {
  const params = new URLSearchParams();
  for (const [field, key] of Object.entries(KEYS) as [keyof MountFragment, string][]) {
    params.set(key, fragment[field]);
  }
  return params.toString();
}

/** Reads a fragment (with or without `#`) back into its fields; validate with `MountFragment`. */
export function decodeMountFragment(hash: string): Record<keyof MountFragment, string | undefined> {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  return {
    nonce: params.get(KEYS.nonce) ?? undefined,
    parentOrigin: params.get(KEYS.parentOrigin) ?? undefined,
    protocol: params.get(KEYS.protocol) ?? undefined,
    mode: params.get(KEYS.mode) ?? undefined,
  };
}
