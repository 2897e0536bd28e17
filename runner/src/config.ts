import { resolve } from 'node:path';
import { EXECUTE_LIMITS, Origin, parseOrError } from '@extsys/protocol';
import {
  envFlag,
  envLogLevel,
  envText,
  envWholeNumber,
  httpTimeoutsFromEnv,
  type HttpTimeouts,
  type LogLevel,
} from '@extsys/service';
import { isPostgresUrl, redactDatabaseUrl } from '@extsys/postgres';
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
  /** SQLite file of the storage.kv capability and the idempotency records (when `databaseUrl` is unset). */
  kvPath: string;
  /** PostgreSQL holding the runner's state instead of the SQLite file, shared by replicas. */
  databaseUrl: string | undefined;
  /** Connections of this process's PostgreSQL pool at most. */
  databasePoolMax: number | undefined;
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
  logLevel: LogLevel;
  /** Deadlines for a client sending its request, and keep-alive (`HTTP_*_TIMEOUT_MS`, see @extsys/service). */
  httpTimeouts: HttpTimeouts;
}

const originList = z.pipe(
  z.string(),
  z.transform((value) => value.split(/[\s,]+/).filter(Boolean)),
);

/**
 * The runner's environment variables, each described for the documentation's settings page (the
 * `HTTP_*_TIMEOUT_MS` variables are read by `httpTimeoutsFromEnv` of `@extsys/service`).
 */
export const RunnerEnv = z.object({
  HOST: z
    .prefault(envText, '0.0.0.0')
    .check(
      z.describe(
        'The network address the runner listens on, such as `127.0.0.1` to accept only local connections. Unset, `0.0.0.0` (every interface).',
      ),
    ),
  PORT: z
    .prefault(envWholeNumber, '8080')
    .check(z.describe('The TCP port the runner listens on, a whole number. Unset, 8080.')),
  BUNDLE_STORE: z
    .prefault(envText, './data/bundles')
    .check(
      z.describe(
        "Where the runner looks bundles up by content hash: a folder, or an `http(s)://` base URL that an object store serves. A relative folder is resolved from the runner's working directory. Unset, `./data/bundles`.",
      ),
    ),
  BUNDLE_CACHE_DIR: z
    .prefault(envText, './data/cache')
    .check(
      z.describe(
        "The folder of verified, extracted bundles, kept across restarts; relative to the runner's working directory unless absolute. Unset, `./data/cache`.",
      ),
    ),
  BUNDLE_CACHE_MAX_BYTES: z
    .prefault(envWholeNumber, String(1024 ** 3))
    .check(
      z.describe(
        'The most bytes the bundle cache folder holds, a whole number; the least recently used bundles are evicted past it. Unset, 1073741824 (1 GiB).',
      ),
    ),
  MEMORY_CACHE_MAX_BYTES: z
    .prefault(envWholeNumber, String(64 * 1024 ** 2))
    .check(
      z.describe(
        'The most bytes of extension page files kept in memory, a whole number: files of up to 1 MiB are kept once read, larger ones are always streamed from disk. Unset, 67108864 (64 MiB).',
      ),
    ),
  SIGNING_TRUST_BUNDLE: z
    .optional(envText)
    .check(
      z.describe(
        'Path of the trust bundle file: the named Ed25519 public keys whose bundle signatures the runner accepts (`extsys-bundle keygen` writes one). Required while `REQUIRE_SIGNATURES` is on: unset, the runner does not start.',
      ),
    ),
  REQUIRE_SIGNATURES: z
    .prefault(envFlag, 'true')
    .check(
      z.describe(
        'Whether every bundle must carry a valid signature by a key of the trust bundle: `true`, `false`, `1` or `0`. Set it off only for local experiments, where unsigned bundles are checked against their hash only. Unset, `true`.',
      ),
    ),
  EXT_UI_FRAME_ANCESTORS: z
    .prefault(originList, '')
    .check(
      z.describe(
        'The host origins allowed to frame extension pages (the CSP `frame-ancestors` directive), as http(s) origins separated by spaces or commas. Unset or empty, no page may frame them.',
      ),
    ),
  EXT_UI_CONNECT_SRC: z
    .prefault(originList, '')
    .check(
      z.describe(
        "The origins extension pages may call, normally the host's API gateway (the CSP `connect-src` directive), as http(s) origins separated by spaces or commas. Unset or empty, pages may call none.",
      ),
    ),
  EXT_UI_FORM_ACTION: z
    .prefault(originList, '')
    .check(
      z.describe(
        'The origins HTML forms of extension pages may post to (the CSP `form-action` directive), as http(s) origins separated by spaces or commas. Unset or empty, none.',
      ),
    ),
  BUNDLE_FETCH_TIMEOUT_MS: z
    .prefault(envWholeNumber, '15000')
    .check(
      z.describe(
        'How long one request to the bundle store may take, in milliseconds (a whole number) before it fails with `bundle_store_unavailable`. Unset, 15000.',
      ),
    ),
  BUNDLE_NEGATIVE_CACHE_TTL_MS: z
    .prefault(envWholeNumber, '30000')
    .check(
      z.describe(
        'How long a content hash the store did not have, or whose bundle was refused, is refused again from memory without asking the store, in milliseconds (a whole number); `0` turns this off. Unset, 30000.',
      ),
    ),
  BUNDLE_NEGATIVE_CACHE_MAX_ENTRIES: z
    .prefault(envWholeNumber, '10000')
    .check(
      z.describe(
        'The most refused content hashes remembered at once, a whole number; the least recently refused are forgotten first. Unset, 10000.',
      ),
    ),
  MAX_BUNDLE_BYTES: z
    .prefault(envWholeNumber, String(64 * 1024 ** 2))
    .check(
      z.describe(
        'The largest bundle the runner fetches or extracts, in bytes (a whole number); a larger one is refused with `bundle_too_large`. Unset, 67108864 (64 MiB).',
      ),
    ),
  SHUTDOWN_GRACE_MS: z
    .prefault(envWholeNumber, '10000')
    .check(
      z.describe(
        'On SIGTERM or SIGINT, how long requests in flight get to finish, in milliseconds (a whole number), before the process exits with status 1; idle connections are closed at once. Unset, 10000.',
      ),
    ),
  RUNNER_SERVICE_TOKEN: z
    .optional(z.string().check(z.minLength(32, 'must be at least 32 characters (use a random secret)')))
    .check(
      z.describe(
        "The gateway's secret for `POST /v1/execute` and `GET /v1/events`, at least 32 characters, the same the gateway has; it is compared in constant time. Unset, execution is off: no handler runs, both routes answer `service_auth_invalid`, and a warning at start says so.",
      ),
    ),
  RUNNER_METRICS_TOKEN: z
    .optional(z.string().check(z.minLength(32, 'must be at least 32 characters (use a random secret)')))
    .check(
      z.describe(
        'The `Bearer` secret the Prometheus scraper presents for `GET /metrics`, at least 32 characters, compared in constant time. Unset, metrics are off and `/metrics` answers `403 forbidden`.',
      ),
    ),
  KV_DB_PATH: z
    .prefault(envText, './data/kv.sqlite')
    .check(
      z.describe(
        "The SQLite file of the `storage.kv` capability and of the idempotency records, relative to the runner's working directory unless absolute; `:memory:` keeps them in memory (tests). Not used when `DATABASE_URL` is set. Unset, `./data/kv.sqlite`.",
      ),
    ),
  DATABASE_URL: z
    .optional(envText)
    .check(
      z.describe(
        "The PostgreSQL database that holds the runner's state — `storage.kv` data with revisions and idempotency records — as `postgres://user:password@host:port/database` (or `postgresql://`), for running several runner replicas on one database; the runner creates and migrates its tables (`kv`, `idempotency`) at start. Unset, the state is in the SQLite file `KV_DB_PATH`, which only one machine can use. The password never appears in the log.",
      ),
    ),
  DATABASE_POOL_MAX: z
    .optional(envWholeNumber)
    .check(
      z.describe(
        "How many connections to `DATABASE_URL` one runner process opens at most, a whole number of at least 1; count it for every replica against the server's `max_connections`. Unset, 10.",
      ),
    ),
  ENGINE_WORKERS: z
    .optional(envWholeNumber)
    .check(
      z.describe(
        'How many engine worker threads run handlers, a whole number. Unset, one per CPU core plus a spare, so a worker stopped at a deadline is replaced without a gap.',
      ),
    ),
  ENGINE_MAX_QUEUE: z
    .optional(envWholeNumber)
    .check(
      z.describe(
        'How many calls, of all tenants together, may wait for an engine worker before new ones are refused `503 overloaded`, a whole number. Unset, 32 per worker.',
      ),
    ),
  ENGINE_TENANT_MAX_WORKERS: z
    .optional(envWholeNumber)
    .check(
      z.describe(
        "How many engine workers one tenant's calls may hold at once, a whole number of at least 1 (more than the workers counts as all of them): the rest is capacity no single tenant can take. Unset, one less than the workers, at least 1.",
      ),
    ),
  ENGINE_TENANT_MAX_QUEUE: z
    .optional(envWholeNumber)
    .check(
      z.describe(
        'How many calls one tenant may have waiting for an engine worker before its new ones are refused `429 tenant_busy`, a whole number of at least 1. Unset, a quarter of `ENGINE_MAX_QUEUE`, at least 1.',
      ),
    ),
  RUNNER_MAX_TIMEOUT_MS: z
    .prefault(envWholeNumber, '30000')
    .check(
      z.describe(
        'The longest deadline a call gets whatever it asks for, in milliseconds (a whole number); values above 60000 count as 60000. Unset, 30000.',
      ),
    ),
  RUNNER_MAX_MEMORY_MB: z
    .prefault(envWholeNumber, '64')
    .check(z.describe('The memory cap of a handler in MiB, a whole number; values above 512 count as 512. Unset, 64.')),
  IDEMPOTENCY_TTL_MS: z
    .prefault(envWholeNumber, String(24 * 60 * 60 * 1000))
    .check(
      z.describe(
        'How long the answer of a call with an `Idempotency-Key` is stored and replayed to a retry with the same key, in milliseconds (a whole number). Unset, 86400000 (24 hours).',
      ),
    ),
  EGRESS_ALLOW_PRIVATE_NETWORKS: z
    .prefault(envFlag, 'false')
    .check(
      z.describe(
        "Whether handlers' `http.fetch` may reach loopback and private network addresses: `true`, `false`, `1` or `0`; for local development and tests only. Unset, `false`.",
      ),
    ),
  RUNNER_EVENTS_BACKLOG: z
    .prefault(envWholeNumber, '1000')
    .check(
      z.describe(
        'How many invocation events are kept in memory for replay to a `GET /v1/events` stream that reconnects with `Last-Event-ID`, a whole number; the oldest are dropped first. Unset, 1000.',
      ),
    ),
  RUNNER_EVENTS_BACKLOG_BYTES: z
    .prefault(envWholeNumber, String(8 * 1024 ** 2))
    .check(
      z.describe(
        "The same bound in bytes of the kept events' JSON, a whole number (an event is at most 64 KB). Unset, 8388608 (8 MiB).",
      ),
    ),
  RUNNER_EVENTS_MAX_STREAMS: z
    .prefault(envWholeNumber, '16')
    .check(
      z.describe(
        'How many `GET /v1/events` streams may be open at once, a whole number of at least 1 (each gateway process holds one); past it `429 rate_limited`. Unset, 16.',
      ),
    ),
  LOG_LEVEL: z
    .prefault(envLogLevel, 'info')
    .check(
      z.describe(
        'The least severe level the runner logs (JSON lines carrying `requestId`): `fatal`, `error`, `warn`, `info`, `debug`, `trace`, or `silent` for none. Unset, `info`.',
      ),
    ),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the environment; throws a ConfigError naming the variable at fault. */
export function loadConfig(env: Record<string, string | undefined> = process.env): RunnerConfig {
  const parsed = parseOrError(RunnerEnv, env, { label: 'environment' });
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
  if (e.DATABASE_URL !== undefined && !isPostgresUrl(e.DATABASE_URL)) {
    throw new ConfigError(
      `runner configuration: DATABASE_URL must be a PostgreSQL URL, postgres://user:password@host:port/database (or postgresql://), got "${redactDatabaseUrl(e.DATABASE_URL)}"; unset it to keep the state in the SQLite file KV_DB_PATH`,
    );
  }
  if (e.DATABASE_POOL_MAX === 0) {
    throw new ConfigError('runner configuration: DATABASE_POOL_MAX must be at least 1 (0 would refuse every call)');
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
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
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
