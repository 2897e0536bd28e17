import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ContentHash, Manifest } from '@extsys/protocol';

/** Bumped if what goes into the digest changes, so old and new identities never compare equal. */
const UI_HASH_DOMAIN = 'extsys-ui-hash-v1';

/**
 * The identity of a bundle's UI: `sha256:` over the manifest's `ui` section (entry, sandbox, host
 * features, initial height: what a host mounts the frame with and the runner's page CSP carries)
 * and every file of the UI folder (the entry's folder, all the runner serves), path and bytes.
 *
 * Two versions with the same UI hash serve byte-identical frames: a host may keep a frame mounted
 * on the older one's content hash while the install moves to the newer one (a handler-only
 * upgrade), and the gateway lets the frame's calls through. Null for a bundle without a UI.
 */
export function uiHashOf(manifest: Manifest, files: readonly { path: string; data: Uint8Array }[]): ContentHash | null {
  if (!manifest.ui) return null;
  const uiRoot = `${posix.dirname(manifest.ui.entry)}/`;
  const digest = createHash('sha256').update(UI_HASH_DOMAIN).update('\0');
  // The section is flat (strings, numbers, string lists): sorted keys make the text canonical.
  digest.update(JSON.stringify(manifest.ui, Object.keys(manifest.ui).sort())).update('\0');
  const uiFiles = files.filter((file) => file.path.startsWith(uiRoot)).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of uiFiles) {
    digest.update(file.path).update('\0');
    digest.update(createHash('sha256').update(file.data).digest()).update('\0');
  }
  return `sha256:${digest.digest('hex')}`;
}
