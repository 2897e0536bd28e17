import type { ContentHash } from '@extsys/protocol';

/**
 * Where a bundle lives in a bundle store (a folder or any HTTP object store): publishers (the
 * gateway) write this layout, the runner reads it. Content-addressed, so a key is never reused:
 * `sha256/<hex>.bundle` and its detached signature `sha256/<hex>.bundle.sig`.
 */
export function storeKeys(contentHash: ContentHash): { bundle: string; signature: string } {
  const bundle = `sha256/${contentHash.slice('sha256:'.length)}.bundle`;
  return { bundle, signature: `${bundle}.sig` };
}
