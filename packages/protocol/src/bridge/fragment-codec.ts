// The mount fragment's URL encoding, without zod (the ext SDK reads it without the schemas).
import type { MountFragment } from './fragment.js';

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
