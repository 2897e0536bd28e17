import * as z from 'zod/mini';
import { Capability } from '../manifest/capabilities.js';
import { ErrorEnvelope } from '../errors/envelope.js';
import { FinalHttpStatus, HeaderMap, HttpMethod, HttpStatus } from '../primitives/http.js';
import { ExtensionId, InstallId, RequestId, SemVer, TenantId } from '../primitives/ids.js';
import { ApiPath, HttpUrl } from '../primitives/paths.js';
import { InstallConfig } from '../primitives/install-settings.js';
import { safeRecord } from '../primitives/schema-builders.js';

/**
 * Runner ABI v1: what crosses the boundary between the runner and a handler module (a core wasm
 * module; spec in runner/abi/). Everything structured is UTF-8 JSON in the guest's memory; the
 * request and response bodies travel raw in an "EXF1" frame (see frame.ts), never base64.
 *
 * Module: imports only `env.memory` (the runner creates it, with its memory cap as the maximum)
 * and functions of the `runner` namespace (RUNNER_IMPORTS); exports `alloc(len) -> ptr`,
 * `dealloc(ptr, len)` and `handle(ptr, len) -> i64` (response frame pointer << 32 | length).
 */
export const RUNNER_ABI_VERSION = 1;
export const HANDLER_EXPORTS = ['alloc', 'dealloc', 'handle'] as const;

/**
 * Host functions a module may import from `runner`. `log` is `(level, ptr, len) -> ()`; every
 * other one is `(argsPtr, argsLen) -> i64` taking JSON args and answering a JSON `HostCallResult`
 * written into guest memory through the guest's `alloc` (pointer << 32 | length). A call the
 * install was not granted answers `{ok: false, error: {code: "capability_denied"}}`: a denial is
 * data for the guest, never a trap.
 */
export const RUNNER_IMPORTS = {
  log: 'log',
  kv_get: 'storage.kv',
  kv_put: 'storage.kv',
  kv_delete: 'storage.kv',
  kv_list: 'storage.kv',
  secret_get: 'secrets.read',
  http_fetch: 'http.fetch',
  user_get: 'user.read',
} as const satisfies Record<string, Capability>;
export type RunnerImport = keyof typeof RUNNER_IMPORTS;

export const LOG_LEVEL_NUMBERS = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/** The JSON header of the frame `handle` receives. */
export const HandlerRequest = z.strictObject({
  abi: z.literal(RUNNER_ABI_VERSION),
  context: z.strictObject({
    requestId: RequestId,
    tenantId: TenantId,
    extensionId: ExtensionId,
    installId: InstallId,
    version: SemVer,
  }),
  route: z.strictObject({
    handler: z.string().check(z.minLength(1), z.maxLength(128)),
    pattern: z.string().check(z.maxLength(512)),
    params: safeRecord(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(1024)), 32),
  }),
  http: z.strictObject({
    method: HttpMethod,
    path: ApiPath,
    query: safeRecord(z.string().check(z.maxLength(256)), z.array(z.string().check(z.maxLength(4096))), 64),
    headers: HeaderMap,
  }),
  /** The install's non-secret configuration. */
  config: InstallConfig,
  /** Capabilities this call holds (manifest ∩ install grants), so a handler can degrade gracefully. */
  grants: z.array(Capability),
});
export type HandlerRequest = z.infer<typeof HandlerRequest>;

/** The JSON header of the frame `handle` returns; the body bytes follow it. */
export const HandlerResponse = z.strictObject({
  status: FinalHttpStatus,
  headers: HeaderMap,
});
export type HandlerResponse = z.infer<typeof HandlerResponse>;

/** What every `runner.*` host function (but `log`) answers. */
export const HostCallResult = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: ErrorEnvelope }),
]);
export type HostCallResult = z.infer<typeof HostCallResult>;

const KvKey = z.string().check(z.minLength(1), z.maxLength(512));

/** Arguments of each host function. Values of the KV store are strings (JSON text, usually). */
export const HOST_CALL_ARGS = {
  kv_get: z.strictObject({ key: KvKey }),
  kv_put: z.strictObject({
    key: KvKey,
    value: z.string(),
    /** Optimistic concurrency: only write if the stored revision is this one (0: must not exist). */
    ifRevision: z.optional(z.int().check(z.gte(0))),
  }),
  kv_delete: z.strictObject({ key: KvKey, ifRevision: z.optional(z.int().check(z.gte(0))) }),
  kv_list: z.strictObject({
    prefix: z.optional(z.string().check(z.maxLength(512))),
    cursor: z.optional(z.string().check(z.maxLength(1024))),
    limit: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  }),
  secret_get: z.strictObject({ name: z.string().check(z.minLength(1), z.maxLength(64)) }),
  http_fetch: z.strictObject({
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
    url: HttpUrl,
    headers: z.optional(HeaderMap),
    /** UTF-8 text body. */
    body: z.optional(z.string()),
    timeoutMs: z.optional(z.int().check(z.gte(1))),
  }),
  user_get: z.strictObject({}),
} as const;

/** The `value` of a successful host call, per function. */
export const HOST_CALL_VALUES = {
  kv_get: z.nullable(z.strictObject({ key: KvKey, value: z.string(), revision: z.int() })),
  kv_put: z.strictObject({ revision: z.int() }),
  kv_delete: z.strictObject({ deleted: z.boolean() }),
  kv_list: z.strictObject({
    items: z.array(z.strictObject({ key: KvKey, value: z.string(), revision: z.int() })),
    cursor: z.nullable(z.string()),
  }),
  secret_get: z.nullable(z.strictObject({ value: z.string() })),
  http_fetch: z.strictObject({ status: HttpStatus, headers: HeaderMap, body: z.string() }),
  user_get: z.nullable(
    z.strictObject({ id: z.string(), displayName: z.optional(z.string()), email: z.optional(z.string()) }),
  ),
} as const;
