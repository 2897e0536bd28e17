import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Origin, parseOrError, MAX_TOKEN_TTL_SECONDS } from '@extsys/protocol';
import { httpTimeoutsFromEnv, type HttpTimeouts } from '@extsys/service';
import * as z from 'zod/mini';

/** Every gateway setting, from the environment; defaults run it with no external service. */
export interface GatewayConfig {
  host: string;
  port: number;
  /** Registry database, sessions and the token signing key live here. */
  dataDir: string;
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
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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

const positiveInt = z.pipe(
  z.string().check(z.regex(/^\d+$/, 'must be a whole number')),
  z.transform((value) => Number(value)),
);
const flag = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((v) => v === 'true' || v === '1'),
);

const Env = z.object({
  HOST: z.prefault(z.string().check(z.minLength(1)), '0.0.0.0'),
  PORT: z.prefault(positiveInt, '8081'),
  GATEWAY_DATA_DIR: z.prefault(z.string().check(z.minLength(1)), './data/gateway'),
  BUNDLE_STORE: z.prefault(z.string().check(z.minLength(1)), './data/bundles'),
  SIGNING_TRUST_BUNDLE: z.optional(z.string().check(z.minLength(1))),
  RUNNER_URL: z.prefault(z.string().check(z.minLength(1)), 'http://127.0.0.1:8080'),
  RUNNER_SERVICE_TOKEN: z
    .string()
    .check(z.minLength(32, 'must be at least 32 characters, the same secret the runner has')),
  RUNNER_PUBLIC_ORIGIN: z.prefault(Origin, 'http://127.0.0.1:8080'),
  GATEWAY_ISSUER: z.prefault(Origin, 'http://127.0.0.1:8081'),
  EXT_TOKEN_TTL_SECONDS: z.prefault(positiveInt, '300'),
  EXT_GATEWAY_TIMEOUT_MS: z.prefault(positiveInt, '10000'),
  EXT_GATEWAY_MAX_BODY_BYTES: z.prefault(positiveInt, String(1024 * 1024)),
  EXT_RATE_LIMIT_BURST: z.prefault(positiveInt, '60'),
  EXT_RATE_LIMIT_PER_SECOND: z.prefault(positiveInt, '20'),
  EXT_GATEWAY_TENANT_MAX_IN_FLIGHT: z.prefault(positiveInt, '32'),
  ADMIN_TOKEN: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  DEMO_PASSWORD: z.prefault(z.string().check(z.minLength(1)), 'demo'),
  SECURE_COOKIES: z.prefault(flag, 'false'),
  LOG_LEVEL: z.prefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  HOST_APP_DIR: z.optional(z.string().check(z.minLength(1))),
  GATEWAY_DEV_EVENTS: z.prefault(flag, 'false'),
  LOG_BACKLOG_EVENTS: z.prefault(positiveInt, '1000'),
  LOG_BACKLOG_BYTES: z.prefault(positiveInt, String(4 * 1024 * 1024)),
  LOG_STREAMS_PER_CREDENTIAL: z.prefault(positiveInt, '4'),
  LOG_STREAMS_MAX: z.prefault(positiveInt, '64'),
  LOG_STREAM_EVENTS_PER_SECOND: z.prefault(positiveInt, '100'),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = parseOrError(Env, env, { label: 'environment' });
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
  const http = httpTimeoutsFromEnv(env);
  if (!http.ok) throw new ConfigError(`gateway configuration: ${http.problem}`);
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.GATEWAY_DATA_DIR),
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
