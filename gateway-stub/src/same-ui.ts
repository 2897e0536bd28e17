import type { Registry } from './registry.js';

/**
 * Whether a token minted for `tokenHash` (the install's content hash when it was minted) may still
 * call the install as it is now. An extension token is bound to the version its frame runs, so
 * that a frame of an older UI never talks to a newer one's API. A version with the same UI hash
 * (a handler-only upgrade) serves byte-identical frames: the host keeps the frame mounted, and its
 * calls go on to the install's current handler. A version whose UI hash is unknown (published
 * before the registry recorded it) counts as a different UI.
 */
export async function servesSameUi(
  registry: Registry,
  install: { extensionId: string; version: string; contentHash: string },
  tokenHash: string,
): Promise<boolean> {
  if (install.contentHash === tokenHash) return true;
  const current = await registry.version(install.extensionId, install.version);
  const minted = await registry.versionByHash(tokenHash);
  return (
    current?.uiHash != null &&
    minted !== undefined &&
    minted.extensionId === install.extensionId &&
    minted.uiHash === current.uiHash
  );
}
