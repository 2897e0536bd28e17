import { useState } from 'react';
import type { HostExtension } from '@extsys/protocol/gateway';

/**
 * The content hash to mount the extension's frame on. A new version whose UI hash equals the
 * mounted one's (a handler-only upgrade) serves byte-identical frames: the frame stays mounted on
 * the content hash it loaded — its page state (form input, scroll, what it fetched) survives — and
 * its calls reach the new handler anyway (the gateway routes them by the install's current
 * version). Any other change, or an unknown UI hash, mounts the listing's content hash.
 */
export function useMountedContentHash(extension: HostExtension): HostExtension['contentHash'] {
  const [mounted, setMounted] = useState({ contentHash: extension.contentHash, uiHash: extension.uiHash });
  if (mounted.uiHash !== null && mounted.uiHash === extension.uiHash) return mounted.contentHash;
  if (mounted.contentHash !== extension.contentHash || mounted.uiHash !== extension.uiHash) {
    // Derived state (React's documented pattern): re-renders at once with the new value.
    setMounted({ contentHash: extension.contentHash, uiHash: extension.uiHash });
  }
  return extension.contentHash;
}
