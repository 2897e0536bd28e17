import type { ContentHash } from '@extsys/protocol';

/** What a bundle store holds under one content hash. */
export interface StoredBundle {
  bytes: Uint8Array;
  /** The detached signature file's text, when the store has one. */
  signature: string | undefined;
}

/**
 * Where verified-on-load bundles come from. Stores are dumb: they are looked up by content hash
 * and trusted for nothing; the cache verifies hash and signature before anything is served.
 */
export interface BundleStore {
  /** For logs and /readyz: the folder or base URL. */
  readonly location: string;
  /** The bundle stored under `contentHash`, or null when the store has none. */
  fetch(contentHash: ContentHash): Promise<StoredBundle | null>;
  /** Throws when the store cannot be reached. */
  check(): Promise<void>;
}

/** The layout every store follows (and publishers write) is `storeKeys()` of @extsys/bundle. */
export { storeKeys } from '@extsys/bundle';
