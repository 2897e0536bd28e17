import * as z from 'zod/mini';
import { EXTENSION_ID_PATTERN } from '../primitives/ids.js';
import { boundedText, uniqueList } from '../primitives/schema-builders.js';

/**
 * Which extensions a publisher credential covers: an exact id (`com.acme.hello`) or every id below
 * a prefix (`com.acme.*` covers `com.acme.hello` and `com.acme.tools.x`, not `com.acme` itself nor
 * `com.acmex.y`).
 */
export const ExtensionPattern = z.string().check(
  z.maxLength(128),
  z.refine(
    (value) =>
      EXTENSION_ID_PATTERN.test(value) ||
      /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.\*$/.test(value),
    'must be an extension id ("com.acme.hello") or a prefix with ".*" ("com.acme.*")',
  ),
);
export type ExtensionPattern = z.infer<typeof ExtensionPattern>;

/** Whether `extensionId` is covered by one of `patterns` (see ExtensionPattern). */
export function matchesExtensionPattern(patterns: readonly string[], extensionId: string): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('.*') ? extensionId.startsWith(pattern.slice(0, -1)) : pattern === extensionId,
  );
}

/** `POST /api/admin/publishers` (platform admin only): a credential for one vendor's extensions. */
export const PublisherCreate = z.strictObject({
  name: boundedText(120),
  extensions: uniqueList(ExtensionPattern, 64).check(z.minLength(1)),
});
export type PublisherCreate = z.infer<typeof PublisherCreate>;

export const PublisherView = z.strictObject({
  id: z.string(),
  name: z.string(),
  extensions: z.array(z.string()),
  createdAt: z.string(),
});
export type PublisherView = z.infer<typeof PublisherView>;

/** The answer to a create: the token is shown this once; the gateway keeps only its hash. */
export const PublisherCreated = z.strictObject({
  publisher: PublisherView,
  token: z.string(),
});
export type PublisherCreated = z.infer<typeof PublisherCreated>;
