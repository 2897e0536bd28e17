import * as z from 'zod/mini';
import { Capability } from '../manifest/capabilities.js';
import { EndpointPath } from '../manifest/endpoint-path.js';
import { HeaderMap, HttpMethod } from '../primitives/http.js';
import { ContentHash, ExtensionId, InstallId, RequestId, SemVer, TenantId, UserId } from '../primitives/ids.js';
import { ApiPath, Origin } from '../primitives/paths.js';
import { InstallConfig, InstallSecrets } from '../primitives/install-settings.js';
import { boundedText, safeRecord, uniqueList } from '../primitives/schema-builders.js';

/** Hard ceilings of the runner; the gateway and installs may only ask for less. */
export const EXECUTE_LIMITS = {
  maxTimeoutMs: 60_000,
  maxMemoryMb: 512,
  maxRequestBodyBytes: 10 * 1024 * 1024,
  maxResponseBodyBytes: 10 * 1024 * 1024,
  maxHeaderBytes: 256 * 1024,
} as const;

/**
 * The JSON header of a `/v1/execute` request frame (the body bytes follow it raw, see frame.ts).
 * The gateway builds it from the verified token and the tenant's install, never from what the
 * browser says about itself.
 */
export const ExecuteRequest = z.strictObject({
  context: z.strictObject({
    requestId: RequestId,
    tenantId: TenantId,
    extensionId: ExtensionId,
    installId: InstallId,
    contentHash: ContentHash,
    version: SemVer,
  }),
  /** The manifest endpoint the gateway matched, so the handler's router need not match again. */
  route: z.strictObject({
    handler: z.string().check(z.minLength(1), z.maxLength(128)),
    pattern: EndpointPath,
    params: safeRecord(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(1024)), 32),
  }),
  http: z.strictObject({
    method: HttpMethod,
    /** Path below `/api/ext/{extensionId}`, without the query. */
    path: ApiPath,
    /** Multi-valued query parameters keep every value, in order. */
    query: safeRecord(
      z.string().check(z.maxLength(256)),
      z.array(z.string().check(z.maxLength(4096))).check(z.maxLength(64)),
      64,
    ),
    /** Only the gateway's allowlisted request headers (see gateway/headers.ts). */
    headers: HeaderMap,
  }),
  limits: z.strictObject({
    /** The one deadline of this call; the gateway waits this long plus a margin, never less. */
    timeoutMs: z.int().check(z.gte(1), z.lte(EXECUTE_LIMITS.maxTimeoutMs)),
    memoryMb: z.optional(z.int().check(z.gte(1), z.lte(EXECUTE_LIMITS.maxMemoryMb))),
  }),
  /** Capabilities the install grants; the runner intersects them with the bundle's manifest. */
  grants: uniqueList(Capability, 16),
  /** Egress origins the install allows; intersected with the manifest's `http.allow`. */
  egress: uniqueList(Origin, 64),
  config: InstallConfig,
  /** Install secrets for `secrets.read`. Never logged, never echoed in errors. */
  secrets: InstallSecrets,
  /** The user on whose behalf the call runs (absent for scheduled or system calls). */
  user: z.optional(
    z.strictObject({
      id: UserId,
      displayName: z.optional(boundedText(120)),
      email: z.optional(z.string().check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address'))),
    }),
  ),
});
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;
