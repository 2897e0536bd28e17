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
  context: z
    .strictObject({
      requestId: RequestId.check(
        z.describe('The id of this call in every log line and answer: 1 to 128 letters, digits, `.`, `_`, `:` or `-`.'),
      ),
      tenantId: TenantId.check(
        z.describe('The tenant the call runs for, from the verified token: 1 to 64 letters, digits, `_` or `-`.'),
      ),
      extensionId: ExtensionId.check(
        z.describe(
          "The extension called, a reverse-domain name such as `com.acme.hello`; the bundle's manifest `name` must be the same.",
        ),
      ),
      installId: InstallId.check(
        z.describe("The tenant's install of the extension: 1 to 64 letters, digits, `_` or `-`."),
      ),
      contentHash: ContentHash.check(
        z.describe('The bundle the install runs, by content hash: `sha256:` followed by 64 lower-case hex digits.'),
      ),
      version: SemVer.check(z.describe("The installed version; the bundle's manifest `version` must be the same.")),
    })
    .check(z.describe("Who and what the call is for, from the verified token and the tenant's install.")),
  route: z
    .strictObject({
      handler: z
        .string()
        .check(
          z.minLength(1),
          z.maxLength(128),
          z.describe('The `handler` name of the matched manifest endpoint, 1 to 128 characters.'),
        ),
      pattern: EndpointPath.check(
        z.describe('The `path` pattern of the matched manifest endpoint, such as `/items/:id`.'),
      ),
      params: safeRecord(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(1024)), 32).check(
        z.describe(
          "The pattern's parameters with the values of this call, decoded: at most 32, names up to 64 characters, values up to 1024.",
        ),
      ),
    })
    .check(
      z.describe("The manifest endpoint the gateway matched, so the handler's router need not match the path again."),
    ),
  http: z
    .strictObject({
      method: HttpMethod.check(z.describe('The HTTP method of the call: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.')),
      path: ApiPath.check(
        z.describe(
          "The path below the extension's API base (`/api/ext/{extensionId}`), without the query; it starts with `/`, has no `..` or `.` segments, and is at most 2048 characters.",
        ),
      ),
      query: safeRecord(
        z.string().check(z.maxLength(256)),
        z.array(z.string().check(z.maxLength(4096))).check(z.maxLength(64)),
        64,
      ).check(
        z.describe(
          'The query parameters, each name with every value it was given, in order: at most 64 names of up to 256 characters, 64 values each of up to 4096.',
        ),
      ),
      headers: HeaderMap.check(
        z.describe(
          "Only the gateway's allowlisted request headers (never `authorization` or `cookie`), names in lower case: at most 64.",
        ),
      ),
    })
    .check(z.describe('The HTTP request the browser made, as the handler sees it.')),
  limits: z
    .strictObject({
      // The gateway waits this long plus a margin, never less: the runner's answer always arrives first.
      timeoutMs: z
        .int()
        .check(
          z.gte(1),
          z.lte(EXECUTE_LIMITS.maxTimeoutMs),
          z.describe(
            "The one deadline of this call in milliseconds, from 1 to 60000; the runner also applies the endpoint's `timeoutMs` and its own cap.",
          ),
        ),
      memoryMb: z
        .optional(z.int().check(z.gte(1), z.lte(EXECUTE_LIMITS.maxMemoryMb)))
        .check(
          z.describe(
            "The handler's memory cap in MiB, from 1 to 512; the runner uses the smaller of this and its own cap, which applies alone when this is absent.",
          ),
        ),
    })
    .check(z.describe('The limits of this call.')),
  grants: uniqueList(Capability, 16).check(
    z.describe(
      "Capabilities the install grants, each at most once; the runner allows only those the bundle's manifest also lists.",
    ),
  ),
  egress: uniqueList(Origin, 64).check(
    z.describe(
      "Origins the install lets the handler fetch, at most 64; the runner allows only those also in the manifest's `http.allow`.",
    ),
  ),
  config: InstallConfig.check(
    z.describe(
      "The install's configuration the handler reads: at most 64 keys of letters, digits, `_`, `.` and `-`, each a string of up to 4096 characters, a number or a boolean.",
    ),
  ),
  secrets: InstallSecrets.check(
    z.describe(
      "The install's secrets, for the `secrets.read` capability: at most 64 keys, values up to 8192 characters. Never logged and never echoed in errors.",
    ),
  ),
  user: z
    .optional(
      z.strictObject({
        id: UserId.check(z.describe("The user's id: 1 to 64 letters, digits, `_` or `-`.")),
        displayName: z
          .optional(boundedText(120))
          .check(z.describe("The user's name as the host shows it, up to 120 characters, if the host provides it.")),
        email: z
          .optional(z.string().check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')))
          .check(z.describe("The user's e-mail address, up to 254 characters, if the host provides it.")),
      }),
    )
    .check(
      z.describe(
        'The user on whose behalf the call runs, for the `user.read` capability; absent for scheduled or system calls.',
      ),
    ),
});
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;
