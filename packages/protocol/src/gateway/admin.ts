import * as z from 'zod/mini';
import { Capability } from '../manifest/capabilities.js';
import { ContentHash, ExtensionId, InstallId, SemVer, TenantId, UserId } from '../primitives/ids.js';
import { Origin } from '../primitives/paths.js';
import { InstallConfig, InstallSecrets } from '../primitives/install-settings.js';
import { boundedText, uniqueList } from '../primitives/schema-builders.js';

/** The host's demo login: one of the seeded users, by id, with the demo password. */
export const LoginRequest = z.strictObject({
  userId: UserId,
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.strictObject({
  id: UserId,
  displayName: boundedText(120),
  email: z.string().check(z.maxLength(254)),
  tenantId: TenantId,
  tenantName: boundedText(120),
  admin: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** `GET /api/session`: who is logged in, `null` when nobody is (a 200 either way, unlike `/api/me`). */
export const SessionState = z.strictObject({ user: z.nullable(SessionUser) });
export type SessionState = z.infer<typeof SessionState>;

/** `POST /api/admin/installs`: install a published version for a tenant. */
export const InstallCreate = z.strictObject({
  tenantId: TenantId,
  extensionId: ExtensionId,
  version: SemVer,
  enabled: z._default(z.boolean(), true),
  /** Must be a subset of the version's manifest capabilities; default: all of them. */
  grants: z.optional(uniqueList(Capability, 16)),
  config: z._default(InstallConfig, {}),
  secrets: z._default(InstallSecrets, {}),
  /** Must be a subset of the manifest's `http.allow`; default: all of it. */
  egress: z.optional(uniqueList(Origin, 64)),
});
export type InstallCreate = z.infer<typeof InstallCreate>;

/** `PATCH /api/admin/installs/{id}`: any subset of the mutable fields. */
export const InstallPatch = z.strictObject({
  enabled: z.optional(z.boolean()),
  version: z.optional(SemVer),
  grants: z.optional(uniqueList(Capability, 16)),
  config: z.optional(InstallConfig),
  secrets: z.optional(InstallSecrets),
  egress: z.optional(uniqueList(Origin, 64)),
});
export type InstallPatch = z.infer<typeof InstallPatch>;

/** An install as listings show it: secrets are named, never shown. */
export const InstallView = z.strictObject({
  id: InstallId,
  tenantId: TenantId,
  extensionId: ExtensionId,
  version: SemVer,
  contentHash: ContentHash,
  enabled: z.boolean(),
  grants: z.array(Capability),
  config: InstallConfig,
  secretNames: z.array(z.string()),
  egress: z.array(Origin),
  updatedAt: z.string(),
});
export type InstallView = z.infer<typeof InstallView>;

/** A published version of an extension (immutable: one content hash per version). */
export const VersionView = z.strictObject({
  extensionId: ExtensionId,
  version: SemVer,
  contentHash: ContentHash,
  signer: z.string(),
  publishedAt: z.string(),
  title: z.string(),
  capabilities: z.array(Capability),
});
export type VersionView = z.infer<typeof VersionView>;
