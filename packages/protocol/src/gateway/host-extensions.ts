import * as z from 'zod/mini';
import { ManifestUi } from '../manifest/ui.js';
import { ContentHash, ExtensionId, InstallId, SemVer, UiHash } from '../primitives/ids.js';
import { boundedText } from '../primitives/schema-builders.js';

/** One extension the logged-in user's tenant has installed and enabled: what a host needs to mount it. */
export const HostExtension = z.strictObject({
  installId: InstallId,
  extensionId: ExtensionId,
  /** The manifest's display name, else its name: menu entry and iframe title. */
  title: boundedText(80),
  description: z.optional(boundedText(500)),
  publisher: boundedText(100),
  version: SemVer,
  contentHash: ContentHash,
  /**
   * The identity of this version's UI (manifest `ui` section + UI folder files); null without a UI,
   * or for a version published before the registry recorded it. While it is unchanged, a host may
   * keep a mounted frame on its earlier content hash (a handler-only upgrade keeps the page's
   * state); its calls reach the install's current version either way.
   */
  uiHash: z.nullable(UiHash),
  /** The manifest's `ui` section with its defaults; null for an extension that has only an API. */
  ui: z.nullable(ManifestUi),
});
export type HostExtension = z.infer<typeof HostExtension>;

/** `GET /api/extensions` (session cookie): the user's tenant's enabled installs, by title. */
export const HostExtensionList = z.strictObject({
  /** Where extension pages are served (`buildExtUiSrc()`'s `runnerBase`). */
  runnerBase: z.string().check(z.minLength(1), z.maxLength(2048)),
  extensions: z.array(HostExtension),
});
export type HostExtensionList = z.infer<typeof HostExtensionList>;
