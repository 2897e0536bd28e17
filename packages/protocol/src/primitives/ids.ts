import * as z from 'zod/mini';

/**
 * An extension's identity everywhere in the system (URLs, tokens, registry, runner): its manifest
 * `name`, a reverse-domain name such as `com.acme.hello`. Lower case so that it is safe in a URL
 * path segment and a hostname label without encoding.
 */
export const EXTENSION_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
export const ExtensionId = z
  .string()
  .check(z.maxLength(128), z.regex(EXTENSION_ID_PATTERN, 'must be a reverse-domain name such as "com.acme.hello"'));
export type ExtensionId = z.infer<typeof ExtensionId>;

/** A bundle's content address: the SHA-256 of its canonical archive. */
export const CONTENT_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
export const ContentHash = z
  .string()
  .check(z.regex(CONTENT_HASH_PATTERN, 'must be "sha256:" followed by 64 lower-case hex digits'));
export type ContentHash = z.infer<typeof ContentHash>;

/**
 * The identity of a bundle's UI (`uiHashOf` in `@extsys/bundle`: its manifest `ui` section and UI
 * folder files), in the content hash's format. Equal UI hashes = byte-identical frames.
 */
export const UiHash = ContentHash;
export type UiHash = ContentHash;

/** Opaque identifiers minted by the host (tenant, install, user): URL-safe, bounded. */
const OPAQUE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
function opaqueId() {
  return z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.regex(OPAQUE_ID_PATTERN, 'must contain only letters, digits, "_" and "-"'),
    );
}
export const TenantId = opaqueId();
export type TenantId = z.infer<typeof TenantId>;
export const InstallId = opaqueId();
export type InstallId = z.infer<typeof InstallId>;
export const UserId = opaqueId();
export type UserId = z.infer<typeof UserId>;

/** Request ids travel through every log line; callers may supply one, so it is bounded and inert. */
export const RequestId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9._:-]+$/, 'must contain only letters, digits, ".", "_", ":" and "-"'),
  );
export type RequestId = z.infer<typeof RequestId>;

/**
 * The per-mount secret the SDK presents in its hello. At least 128 bits of entropy
 * (22 base64url characters; a nanoid() is 21 characters = 126 bits, so the minimum is 21).
 */
export const MountNonce = z
  .string()
  .check(z.minLength(21), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a base64url string'));
export type MountNonce = z.infer<typeof MountNonce>;

/** Strict semantic version (semver.org 2.0.0), as used by manifests and the SDK version. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
export const SemVer = z
  .string()
  .check(z.maxLength(64), z.regex(SEMVER_PATTERN, 'must be a semantic version such as "1.2.3"'));
export type SemVer = z.infer<typeof SemVer>;
