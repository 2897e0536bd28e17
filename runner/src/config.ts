import { resolve } from 'node:path';
import { EXECUTE_LIMITS, Origin, parseOrError } from '@extsys/protocol';
import { httpTimeoutsFromEnv, type HttpTimeouts } from '@extsys/service';
import * as z from 'zod/mini';

/**
 * Every runner setting, read from the environment once at start. Defaults make a local run work
 * with nothing but a trust bundle; every production deployment sets the origins.
 */
export interface RunnerConfig {
  host: string;
  port: number;
  /** A folder, or an http(s) base URL any object store serves; bundles are looked up by hash. */
  bundleStore: string;
  cacheDir: string;
  cacheMaxBytes: number;
  /** In-memory cache of served files, by bytes. */
  memoryCacheMaxBytes: number;
  /** Path of the trust bundle (JSON list of named Ed25519 public keys). */
  trustBundlePath: string | undefined;
  requireSignatures: boolean;
  /** Origins allowed to frame extension pages (CSP frame-ancestors). */
  frameAncestors: string[];
  /** Origins extension pages may call (CSP connect-src): the host's API gateway(s). */
  connectSrc: string[];
  /** Origins HTML forms may post to (CSP form-action); none by default. */
  formAction: string[];
  bundleFetchTimeoutMs: number;
  /** How long a hash the store lacked (or whose bundle failed verification) is refused without asking again; 0 = never. */
  bundleNegativeTtlMs: number;
  /** Most refused hashes remembered at once. */
  bundleNegativeMaxEntries: number;
  maxBundleBytes: number;
  shutdownGraceMs: number;
  /** The gateway's credential for POST /v1/execute; execution is disabled without it. */
  serviceToken: string | undefined;
  /** `Bearer` secret of the metrics scraper; without it `GET /metrics` is off. */
  metricsToken: string | undefined;
  /** SQLite file of the storage.kv capability. */
  kvPath: string;
  engineWorkers: number | undefined;
  engineMaxQueue: number | undefined;
  /** Workers one tenant may hold at once; the pool's default keeps one worker spare for the others. */
  engineTenantMaxWorkers: number | undefined;
  /** Calls one tenant may have waiting for a worker before `tenant_busy`. */
  engineTenantMaxQueue: number | undefined;
  maxTimeoutMs: number;
  maxMemoryMb: number;
  idempotencyTtlMs: number;
  /** Invocation events kept for replay (GET /v1/events with Last-Event-ID), by count... */
  eventsBacklog: number;
  /** ...and by bytes of their JSON (each event is at most 64 KB). */
  eventsBacklogBytes: number;
  /** Event streams open at once (each gateway process holds one). */
  eventsMaxStreams: number;
  /** Let handlers reach loopback and private addresses (local development and tests only). */
  egressAllowPrivateNetworks: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Deadlines for a client sending its request, and keep-alive (`HTTP_*_TIMEOUT_MS`, see @extsys/service). */
  httpTimeouts: HttpTimeouts;
}

const originList = z.pipe(
  z.string(),
  z.transform((value) => value.split(/[\s,]+/).filter(Boolean)),
);
const positiveInt = z.pipe(
  z.string().check(z.regex(/^\d+$/, 'must be a whole number')),
  z.transform((value) => Number(value)),
);
const flag = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((value) => value === 'true' || value === '1'),
);

const Env = z.object({
  HOST: z.prefault(z.string().check(z.minLength(1)), '0.0.0.0'),
  PORT: z.prefault(positiveInt, '8080'),
  BUNDLE_STORE: z.prefault(z.string().check(z.minLength(1)), './data/bundles'),
  BUNDLE_CACHE_DIR: z.prefault(z.string().check(z.minLength(1)), './data/cache'),
  BUNDLE_CACHE_MAX_BYTES: z.prefault(positiveInt, String(1024 ** 3)),
  MEMORY_CACHE_MAX_BYTES: z.prefault(positiveInt, String(64 * 1024 ** 2)),
  SIGNING_TRUST_BUNDLE: z.optional(z.string().check(z.minLength(1))),
  REQUIRE_SIGNATURES: z.prefault(flag, 'true'),
  EXT_UI_FRAME_ANCESTORS: z.prefault(originList, ''),
  EXT_UI_CONNECT_SRC: z.prefault(originList, ''),
  EXT_UI_FORM_ACTION: z.prefault(originList, ''),
  BUNDLE_FETCH_TIMEOUT_MS: z.prefault(positiveInt, '15000'),
  BUNDLE_NEGATIVE_CACHE_TTL_MS: z.prefault(positiveInt, '30000'),
  BUNDLE_NEGATIVE_CACHE_MAX_ENTRIES: z.prefault(positiveInt, '10000'),
  MAX_BUNDLE_BYTES: z.prefault(positiveInt, String(64 * 1024 ** 2)),
  SHUTDOWN_GRACE_MS: z.prefault(positiveInt, '10000'),
  RUNNER_SERVICE_TOKEN: z.optional(
    z.string().check(z.minLength(32, 'must be at least 32 characters (use a random secret)')),
  ),
  RUNNER_METRICS_TOKEN: z.optional(
    z.string().check(z.minLength(32, 'must be at least 32 characters (use a random secret)')),
  ),
  KV_DB_PATH: z.prefault(z.string().check(z.minLength(1)), './data/kv.sqlite'),
  ENGINE_WORKERS: z.optional(positiveInt),
  ENGINE_MAX_QUEUE: z.optional(positiveInt),
  ENGINE_TENANT_MAX_WORKERS: z.optional(positiveInt),
  ENGINE_TENANT_MAX_QUEUE: z.optional(positiveInt),
  RUNNER_MAX_TIMEOUT_MS: z.prefault(positiveInt, '30000'),
  RUNNER_MAX_MEMORY_MB: z.prefault(positiveInt, '64'),
  IDEMPOTENCY_TTL_MS: z.prefault(positiveInt, String(24 * 60 * 60 * 1000)),
  EGRESS_ALLOW_PRIVATE_NETWORKS: z.prefault(flag, 'false'),
  RUNNER_EVENTS_BACKLOG: z.prefault(positiveInt, '1000'),
  RUNNER_EVENTS_BACKLOG_BYTES: z.prefault(positiveInt, String(8 * 1024 ** 2)),
  RUNNER_EVENTS_MAX_STREAMS: z.prefault(positiveInt, '16'),
  LOG_LEVEL: z.prefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the environment; throws a ConfigError naming the variable at fault. */
export function loadConfig(env: Record<string, string | undefined> = process.env): RunnerConfig {
  const parsed = parseOrError(Env, env, { label: 'environment' });
  if (!parsed.ok) throw new ConfigError(`runner configuration: ${parsed.error.message}`);
  const e = parsed.value;
  for (const [name, origins] of [
    ['EXT_UI_FRAME_ANCESTORS', e.EXT_UI_FRAME_ANCESTORS],
    ['EXT_UI_CONNECT_SRC', e.EXT_UI_CONNECT_SRC],
    ['EXT_UI_FORM_ACTION', e.EXT_UI_FORM_ACTION],
  ] as const) {
    for (const origin of origins) {
      if (!Origin.safeParse(origin).success) {
        throw new ConfigError(`runner configuration: ${name} lists "${origin}", which is not an http(s) origin`);
      }
    }
  }
  if (e.REQUIRE_SIGNATURES && !e.SIGNING_TRUST_BUNDLE) {
    throw new ConfigError(
      'runner configuration: SIGNING_TRUST_BUNDLE is not set; point it at a trust bundle file ' +
        '(extsys-bundle keygen writes one), or set REQUIRE_SIGNATURES=false for a local experiment',
    );
  }
  for (const [name, value] of [
    ['ENGINE_TENANT_MAX_WORKERS', e.ENGINE_TENANT_MAX_WORKERS],
    ['ENGINE_TENANT_MAX_QUEUE', e.ENGINE_TENANT_MAX_QUEUE],
  ] as const) {
    if (value === 0) {
      throw new ConfigError(`runner configuration: ${name} must be at least 1 (0 would refuse every call of a tenant)`);
    }
  }
  if (e.RUNNER_EVENTS_MAX_STREAMS === 0) {
    throw new ConfigError('runner configuration: RUNNER_EVENTS_MAX_STREAMS must be at least 1 (the gateway holds one)');
  }
  const http = httpTimeoutsFromEnv(env);
  if (!http.ok) throw new ConfigError(`runner configuration: ${http.problem}`);
  const isUrl = /^https?:\/\//.test(e.BUNDLE_STORE);
  return {
    host: e.HOST,
    port: e.PORT,
    bundleStore: isUrl ? e.BUNDLE_STORE : resolve(e.BUNDLE_STORE),
    cacheDir: resolve(e.BUNDLE_CACHE_DIR),
    cacheMaxBytes: e.BUNDLE_CACHE_MAX_BYTES,
    memoryCacheMaxBytes: e.MEMORY_CACHE_MAX_BYTES,
    trustBundlePath: e.SIGNING_TRUST_BUNDLE === undefined ? undefined : resolve(e.SIGNING_TRUST_BUNDLE),
    requireSignatures: e.REQUIRE_SIGNATURES,
    frameAncestors: e.EXT_UI_FRAME_ANCESTORS,
    connectSrc: e.EXT_UI_CONNECT_SRC,
    formAction: e.EXT_UI_FORM_ACTION,
    bundleFetchTimeoutMs: e.BUNDLE_FETCH_TIMEOUT_MS,
    bundleNegativeTtlMs: e.BUNDLE_NEGATIVE_CACHE_TTL_MS,
    bundleNegativeMaxEntries: e.BUNDLE_NEGATIVE_CACHE_MAX_ENTRIES,
    maxBundleBytes: e.MAX_BUNDLE_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    serviceToken: e.RUNNER_SERVICE_TOKEN,
    metricsToken: e.RUNNER_METRICS_TOKEN,
    kvPath: e.KV_DB_PATH === ':memory:' ? e.KV_DB_PATH : resolve(e.KV_DB_PATH),
    engineWorkers: e.ENGINE_WORKERS,
    engineMaxQueue: e.ENGINE_MAX_QUEUE,
    engineTenantMaxWorkers: e.ENGINE_TENANT_MAX_WORKERS,
    engineTenantMaxQueue: e.ENGINE_TENANT_MAX_QUEUE,
    maxTimeoutMs: Math.min(e.RUNNER_MAX_TIMEOUT_MS, EXECUTE_LIMITS.maxTimeoutMs),
    maxMemoryMb: Math.min(e.RUNNER_MAX_MEMORY_MB, EXECUTE_LIMITS.maxMemoryMb),
    idempotencyTtlMs: e.IDEMPOTENCY_TTL_MS,
    egressAllowPrivateNetworks: e.EGRESS_ALLOW_PRIVATE_NETWORKS,
    eventsBacklog: e.RUNNER_EVENTS_BACKLOG,
    eventsBacklogBytes: e.RUNNER_EVENTS_BACKLOG_BYTES,
    eventsMaxStreams: e.RUNNER_EVENTS_MAX_STREAMS,
    httpTimeouts: http.timeouts,
  };
}
