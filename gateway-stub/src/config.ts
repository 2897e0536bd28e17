import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Origin, parseOrError, MAX_TOKEN_TTL_SECONDS } from '@extsys/protocol';
import {
  envFlag,
  envLogLevel,
  envText,
  envWholeNumber,
  httpTimeoutsFromEnv,
  type HttpTimeouts,
  type LogLevel,
} from '@extsys/service';
import { isPostgresUrl } from '@extsys/postgres';
import * as z from 'zod/mini';

/** Every gateway setting, from the environment; defaults run it with no external service. */
export interface GatewayConfig {
  host: string;
  port: number;
  /** Registry database, sessions and the token signing key live here (without `databaseUrl` / `tokenSigningKey`). */
  dataDir: string;
  /**
   * `DATABASE_URL`: all state in this PostgreSQL database, shared by every replica; undefined, the
   * SQLite file in `dataDir` and the limits in memory. Never log it: see `redactDatabaseUrl`.
   */
  databaseUrl: string | undefined;
  /**
   * The token signing key every replica shares (`TOKEN_SIGNING_KEY` or `TOKEN_SIGNING_KEY_FILE`), as
   * the JSON text of a private JWK; undefined, a key generated into `dataDir`.
   */
  tokenSigningKey: string | undefined;
  /** The runner's bundle store folder: published bundles are written there. */
  bundleStore: string;
  trustBundlePath: string | undefined;
  runnerUrl: string;
  runnerServiceToken: string;
  /** Origin extension pages are served from (CORS on /api/ext). */
  runnerPublicOrigin: string;
  /** Token issuer (`iss`), the host's own origin. */
  issuer: string;
  tokenTtlSeconds: number;
  /** The one deadline of a proxied call; the runner receives it as its limit. */
  timeoutMs: number;
  maxBodyBytes: number;
  rateLimit: { capacity: number; refillPerSecond: number };
  /** Calls one tenant may have waiting on the runner at once; past it `tenant_busy` at once. */
  tenantMaxInFlight: number;
  adminToken: string | undefined;
  demoPassword: string;
  secureCookies: boolean;
  logLevel: LogLevel;
  /** Handler log events kept for `GET /api/logs` and stream replay: at most this many and bytes. */
  logBacklog: { maxEvents: number; maxBytes: number };
  /** Bounds of `GET /api/logs/stream`. */
  logStreams: { perCredential: number; maxStreams: number; eventsPerSecond: number };
  /** The built demo host page, served at `/`. */
  hostAppDir: string;
  /**
   * Development-only features for `extsys dev` (`GATEWAY_DEV_EVENTS`): the host page's event stream
   * and the dev calls of routes/dev-events.ts. Never on in production.
   */
  devEvents: boolean;
  /** Deadlines for a client sending its request, and keep-alive (`HTTP_*_TIMEOUT_MS`, see @extsys/service). */
  httpTimeouts: HttpTimeouts;
}

/** Where the root build puts the host page: `dist/host-app` next to this module once compiled. */
const DEFAULT_HOST_APP_DIR = fileURLToPath(new URL('./host-app/', import.meta.url));

/**
 * The gateway's environment variables, each described for the documentation's settings page (the
 * `HTTP_*_TIMEOUT_MS` variables are read by `httpTimeoutsFromEnv` of `@extsys/service`).
 */
export const GatewayEnv = z.object({
  HOST: z
    .prefault(envText, '0.0.0.0')
    .check(
      z.describe(
        'The network address the gateway listens on, such as `127.0.0.1` to accept only local connections. Unset, `0.0.0.0` (every interface).',
      ),
    ),
  PORT: z
    .prefault(envWholeNumber, '8081')
    .check(z.describe('The TCP port the gateway listens on, a whole number. Unset, 8081.')),
  GATEWAY_DATA_DIR: z
    .prefault(envText, './data/gateway')
    .check(
      z.describe(
        "The folder of the gateway's SQLite registry (versions, installs, publishers, sessions, view states; not used with `DATABASE_URL`) and of its generated token signing key (not used with `TOKEN_SIGNING_KEY`), created if missing; relative to the gateway's working directory unless absolute. Unset, `./data/gateway`.",
      ),
    ),
  DATABASE_URL: z
    .optional(envText)
    .check(
      z.describe(
        "The PostgreSQL database of all the gateway's state (`postgres://user:password@host:5432/database`, or `postgresql://`): the registry of versions and installs, publishers, sessions, view states, and the failed-login and extension API call limits, shared by every gateway replica that names the same database. The gateway creates its tables at start (they do not collide with the runner's, so both may use one database). Unset, the SQLite file in `GATEWAY_DATA_DIR`, with the two limits in the process's memory (one gateway process).",
      ),
    ),
  TOKEN_SIGNING_KEY: z
    .optional(envText)
    .check(
      z.describe(
        'The private Ed25519 key the gateway signs extension tokens with, as the JSON text of a JWK (what `generateExtensionTokenKey()` of `@extsys/host-server` makes), from a secret manager: every gateway replica must have the same one, so that a token minted by one is accepted by all. Not with `TOKEN_SIGNING_KEY_FILE`. Unset (and no file), a key generated on first start into `GATEWAY_DATA_DIR`, one per data folder.',
      ),
    ),
  TOKEN_SIGNING_KEY_FILE: z
    .optional(envText)
    .check(
      z.describe(
        'The path of a file holding `TOKEN_SIGNING_KEY` (for secrets mounted as files); relative to the working directory unless absolute. Not with `TOKEN_SIGNING_KEY`. Unset, `TOKEN_SIGNING_KEY` (or the data folder’s key) is used.',
      ),
    ),
  BUNDLE_STORE: z
    .prefault(envText, './data/bundles')
    .check(
      z.describe(
        "The runner's bundle store folder, where published bundles are written; relative to the gateway's working directory unless absolute. Unset, `./data/bundles`.",
      ),
    ),
  SIGNING_TRUST_BUNDLE: z
    .optional(envText)
    .check(
      z.describe(
        'Path of the trust bundle file: the named Ed25519 public keys whose signatures the gateway accepts on uploaded bundles. Unset, every upload is refused.',
      ),
    ),
  RUNNER_URL: z
    .prefault(envText, 'http://127.0.0.1:8080')
    .check(
      z.describe(
        "The runner's base URL, reached with a pooled keep-alive client; a trailing `/` is dropped. Unset, `http://127.0.0.1:8080`.",
      ),
    ),
  RUNNER_SERVICE_TOKEN: z
    .string()
    .check(z.minLength(32, 'must be at least 32 characters, the same secret the runner has'))
    .check(
      z.describe(
        'The service secret the gateway presents to the runner for `POST /v1/execute` and `GET /v1/events`: at least 32 characters, the same value the runner has. Required: unset, the gateway does not start.',
      ),
    ),
  RUNNER_PUBLIC_ORIGIN: z
    .prefault(Origin, 'http://127.0.0.1:8080')
    .check(
      z.describe(
        "The http(s) origin browsers load extension pages from (the runner's public address): the origin allowed to call the extension API across origins (CORS) and the base of the page URLs hosts are given. Unset, `http://127.0.0.1:8080`.",
      ),
    ),
  GATEWAY_ISSUER: z
    .prefault(Origin, 'http://127.0.0.1:8081')
    .check(
      z.describe(
        "The gateway's public http(s) origin: the `iss` of the extension tokens it mints, the host page's canonical origin, and the only `Origin` its cookie-authenticated routes accept. Unset, `http://127.0.0.1:8081`.",
      ),
    ),
  EXT_TOKEN_TTL_SECONDS: z
    .prefault(envWholeNumber, '300')
    .check(
      z.describe(
        'The lifetime of the extension tokens the gateway mints, in seconds: a whole number, at most 600. Unset, 300.',
      ),
    ),
  EXT_GATEWAY_TIMEOUT_MS: z
    .prefault(envWholeNumber, '10000')
    .check(
      z.describe(
        "The one deadline of an extension API call in milliseconds, a whole number: the runner receives it as the call's limit (an endpoint's `timeoutMs` or the client's deadline header may shorten it). Unset, 10000.",
      ),
    ),
  EXT_GATEWAY_MAX_BODY_BYTES: z
    .prefault(envWholeNumber, String(1024 * 1024))
    .check(
      z.describe(
        'The largest request body of an extension API call, in bytes (a whole number); a larger one is refused `413 payload_too_large`. Unset, 1048576 (1 MiB).',
      ),
    ),
  EXT_RATE_LIMIT_BURST: z
    .prefault(envWholeNumber, '60')
    .check(
      z.describe(
        'The size of the rate-limit bucket per tenant and extension: how many extension API calls may arrive at once, a whole number; past it `429 rate_limited`. Unset, 60.',
      ),
    ),
  EXT_RATE_LIMIT_PER_SECOND: z
    .prefault(envWholeNumber, '20')
    .check(
      z.describe(
        'How many extension API calls per second refill the rate-limit bucket of each tenant and extension, a whole number. Unset, 20.',
      ),
    ),
  EXT_GATEWAY_TENANT_MAX_IN_FLIGHT: z
    .prefault(envWholeNumber, '32')
    .check(
      z.describe(
        'How many extension API calls one tenant may have waiting on the runner at once, a whole number of at least 1; past it the next is refused `429 tenant_busy` at once. Unset, 32.',
      ),
    ),
  ADMIN_TOKEN: z
    .optional(z.string().check(z.minLength(32, 'must be at least 32 characters')))
    .check(
      z.describe(
        "The platform administrator's secret for the admin API (`Authorization: Bearer <token>`), at least 32 characters: it publishes bundles and manages the installs of every tenant and the publisher credentials. Unset, there is no platform administrator, only publishers and tenant administrators.",
      ),
    ),
  DEMO_PASSWORD: z.prefault(envText, 'demo').check(z.describe('The password of the seeded demo users. Unset, `demo`.')),
  SECURE_COOKIES: z
    .prefault(envFlag, 'false')
    .check(
      z.describe(
        'Whether session cookies carry the `Secure` attribute: `true`, `false`, `1` or `0`; turn it on behind HTTPS. Unset, `false`.',
      ),
    ),
  LOG_LEVEL: z
    .prefault(envLogLevel, 'info')
    .check(
      z.describe(
        'The least severe level the gateway logs (JSON lines): `fatal`, `error`, `warn`, `info`, `debug`, `trace`, or `silent` for none. Unset, `info`.',
      ),
    ),
  HOST_APP_DIR: z
    .optional(envText)
    .check(
      z.describe(
        "The folder of the built demo host page, served at `/`. Unset, the `host-app` folder the build puts next to the gateway's compiled code (`dist/host-app`).",
      ),
    ),
  GATEWAY_DEV_EVENTS: z
    .prefault(envFlag, 'false')
    .check(
      z.describe(
        "Development only (`extsys dev` turns it on): the host page's event stream and the development calls under `/api/dev`; `true`, `false`, `1` or `0`, and a warning at start says when it is on. Unset, `false`: the stream answers 204 and the development calls do not exist.",
      ),
    ),
  LOG_BACKLOG_EVENTS: z
    .prefault(envWholeNumber, '1000')
    .check(
      z.describe(
        'How many handler log events are kept in memory for `GET /api/logs` and for replay to log streams, a whole number; the oldest are dropped first. Unset, 1000.',
      ),
    ),
  LOG_BACKLOG_BYTES: z
    .prefault(envWholeNumber, String(4 * 1024 * 1024))
    .check(z.describe('The same bound in bytes of the kept events, a whole number. Unset, 4194304 (4 MiB).')),
  LOG_STREAMS_PER_CREDENTIAL: z
    .prefault(envWholeNumber, '4')
    .check(
      z.describe(
        "How many log streams one credential (the admin token, a publisher credential or a user's session) may hold open at once, a whole number of at least 1; past it `429 rate_limited`. Unset, 4.",
      ),
    ),
  LOG_STREAMS_MAX: z
    .prefault(envWholeNumber, '64')
    .check(
      z.describe(
        'How many log streams may be open at once for all credentials together, a whole number of at least 1; past it `503 overloaded`. Unset, 64.',
      ),
    ),
  LOG_STREAM_EVENTS_PER_SECOND: z
    .prefault(envWholeNumber, '100')
    .check(
      z.describe(
        'How many live events one log stream carries per second, a whole number of at least 1; the rest are skipped and counted. Unset, 100.',
      ),
    ),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = parseOrError(GatewayEnv, env, { label: 'environment' });
  if (!parsed.ok) throw new ConfigError(`gateway configuration: ${parsed.error.message}`);
  const e = parsed.value;
  if (e.EXT_TOKEN_TTL_SECONDS > MAX_TOKEN_TTL_SECONDS) {
    throw new ConfigError(`gateway configuration: EXT_TOKEN_TTL_SECONDS must be at most ${MAX_TOKEN_TTL_SECONDS}`);
  }
  if (e.EXT_GATEWAY_TENANT_MAX_IN_FLIGHT === 0) {
    throw new ConfigError(
      'gateway configuration: EXT_GATEWAY_TENANT_MAX_IN_FLIGHT must be at least 1 (0 would refuse every call)',
    );
  }
  for (const name of ['LOG_STREAMS_PER_CREDENTIAL', 'LOG_STREAMS_MAX', 'LOG_STREAM_EVENTS_PER_SECOND'] as const) {
    if (e[name] === 0) throw new ConfigError(`gateway configuration: ${name} must be at least 1`);
  }
  if (e.DATABASE_URL !== undefined && !isPostgresUrl(e.DATABASE_URL)) {
    throw new ConfigError(
      'gateway configuration: DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database or postgresql://…); unset it to keep the state in SQLite',
    );
  }
  const http = httpTimeoutsFromEnv(env);
  if (!http.ok) throw new ConfigError(`gateway configuration: ${http.problem}`);
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.GATEWAY_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    tokenSigningKey: signingKeyText(e.TOKEN_SIGNING_KEY, e.TOKEN_SIGNING_KEY_FILE),
    bundleStore: resolve(e.BUNDLE_STORE),
    trustBundlePath: e.SIGNING_TRUST_BUNDLE === undefined ? undefined : resolve(e.SIGNING_TRUST_BUNDLE),
    runnerUrl: e.RUNNER_URL.replace(/\/+$/, ''),
    runnerServiceToken: e.RUNNER_SERVICE_TOKEN,
    runnerPublicOrigin: e.RUNNER_PUBLIC_ORIGIN,
    issuer: e.GATEWAY_ISSUER,
    tokenTtlSeconds: e.EXT_TOKEN_TTL_SECONDS,
    timeoutMs: e.EXT_GATEWAY_TIMEOUT_MS,
    maxBodyBytes: e.EXT_GATEWAY_MAX_BODY_BYTES,
    rateLimit: { capacity: e.EXT_RATE_LIMIT_BURST, refillPerSecond: e.EXT_RATE_LIMIT_PER_SECOND },
    tenantMaxInFlight: e.EXT_GATEWAY_TENANT_MAX_IN_FLIGHT,
    adminToken: e.ADMIN_TOKEN,
    demoPassword: e.DEMO_PASSWORD,
    secureCookies: e.SECURE_COOKIES,
    logLevel: e.LOG_LEVEL,
    logBacklog: { maxEvents: e.LOG_BACKLOG_EVENTS, maxBytes: e.LOG_BACKLOG_BYTES },
    logStreams: {
      perCredential: e.LOG_STREAMS_PER_CREDENTIAL,
      maxStreams: e.LOG_STREAMS_MAX,
      eventsPerSecond: e.LOG_STREAM_EVENTS_PER_SECOND,
    },
    hostAppDir: resolve(e.HOST_APP_DIR ?? DEFAULT_HOST_APP_DIR),
    httpTimeouts: http.timeouts,
    devEvents: e.GATEWAY_DEV_EVENTS,
  };
}

/** The shared signing key's text, from the setting or its file; both at once is a setup error. */
function signingKeyText(value: string | undefined, file: string | undefined): string | undefined {
  if (value !== undefined && file !== undefined) {
    throw new ConfigError('gateway configuration: set TOKEN_SIGNING_KEY or TOKEN_SIGNING_KEY_FILE, not both');
  }
  if (file === undefined) return value;
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (error) {
    throw new ConfigError(
      `gateway configuration: TOKEN_SIGNING_KEY_FILE ${file} cannot be read (${(error as Error).message})`,
    );
  }
}
