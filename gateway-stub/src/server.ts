import { mkdirSync } from 'node:fs';
import cookie from '@fastify/cookie';
import { loadTrustBundle } from '@extsys/bundle';
import { serviceFastifyOptions, useErrorEnvelopes } from '@extsys/service';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayConfig } from './config.js';
import { GatewayError } from './errors.js';
import { redactDatabaseUrl } from '@extsys/postgres';
import type { GatewayStores } from './state/gateway-stores.js';
import type { LoginLimitOptions } from './state/login-attempt-store.js';
import { openPostgresStores } from './state/postgres-stores.js';
import { openSqliteStores } from './state/sqlite-stores.js';
import { Registry } from './registry.js';
import { DevEventHub } from './dev-events.js';
import { adminRoutes } from './routes/admin.js';
import { devEventRoutes } from './routes/dev-events.js';
import { LogBacklog } from './log-events/log-backlog.js';
import { RunnerEventFeed } from './log-events/runner-event-feed.js';
import { logRoutes } from './routes/logs.js';
import { publisherRoutes } from './routes/publishers.js';
import { createExtApi, isExtApiCall } from './routes/ext-api.js';
import { extTokenRoutes } from './routes/ext-token.js';
import { hostAppRoutes } from './routes/host-app.js';
import { hostExtensionRoutes } from './routes/host-extensions.js';
import { sessionRoutes } from './routes/sessions.js';
import { viewStateRoutes } from './routes/view-state.js';
import { useSameSiteGuard } from './same-site-guard.js';
import { loadExtensionTokens } from './tokens.js';
import type { ExtensionTokens } from '@extsys/host-server';
import { extensionGatewayPlugin } from '@extsys/host-server/fastify';

export interface Gateway {
  app: FastifyInstance;
  registry: Registry;
  /** Every store of the gateway's state (SQLite and memory, or PostgreSQL). */
  stores: GatewayStores;
  tokens: ExtensionTokens;
  /** Handler log events received from the runner. */
  logBacklog: LogBacklog;
  logFeed: RunnerEventFeed;
}

export interface GatewayHooks {
  /** Replaces stdout as the log destination (tests read the lines). */
  logStream?: { write(line: string): void };
  /** Replaces the failed-login limits and clock (tests move the clock instead of waiting). */
  loginLimits?: LoginLimitOptions;
  /** Replaces the call rate limit's clock on PostgreSQL (else the database's). */
  rateLimitClock?: () => number;
}

/** Builds the gateway (not yet listening). */
export async function createGateway(config: GatewayConfig, hooks: GatewayHooks = {}): Promise<Gateway> {
  mkdirSync(config.dataDir, { recursive: true });
  const tokens = await loadExtensionTokens(
    config.dataDir,
    config.issuer,
    config.tokenTtlSeconds,
    config.tokenSigningKey,
  );
  const stores = config.databaseUrl
    ? await openPostgresStores(config.databaseUrl, {
        rateLimit: config.rateLimit,
        loginLimits: hooks.loginLimits,
        ...(hooks.rateLimitClock ? { rateLimitClock: hooks.rateLimitClock } : {}),
        onPoolError: (message) => app.log.warn(message),
      })
    : openSqliteStores(config.dataDir, { rateLimit: config.rateLimit, loginLimits: hooks.loginLimits });
  const registry = new Registry(stores);
  const extApi = createExtApi(config, registry, tokens, stores.rateLimit, () => app.log);
  const app = Fastify({
    ...serviceFastifyOptions({
      logLevel: config.logLevel,
      logStream: hooks.logStream,
      // Extension API calls write their own audit lines with the same fields (see isExtApiCall).
      disableRequestLogging: (request) => isExtApiCall(extApi, request),
      // The gateway's callers are browsers and extensions: an id they choose must never be the id
      // their call is audited under. The gateway mints every id (a caller's well-formed one is logged
      // as `clientRequestId`) and hands its own to the runner.
      trustRequestId: false,
      httpTimeouts: config.httpTimeouts,
    }),
    bodyLimit: 1024 * 1024,
  });
  const trust = config.trustBundlePath ? await loadTrustBundle(config.trustBundlePath) : undefined;

  // Development-only (GATEWAY_DEV_EVENTS, set by `extsys dev`): nothing of it exists otherwise.
  const devEvents = config.devEvents ? new DevEventHub() : undefined;
  if (config.databaseUrl) {
    app.log.info({ database: redactDatabaseUrl(config.databaseUrl) }, 'state in PostgreSQL');
    if (!config.tokenSigningKey) {
      app.log.warn(
        "DATABASE_URL is set but TOKEN_SIGNING_KEY is not: this replica signs tokens with its data folder's own key, which other replicas refuse; give every replica the same TOKEN_SIGNING_KEY",
      );
    }
  }
  if (devEvents) app.log.warn('GATEWAY_DEV_EVENTS is on: development-only routes under /api/dev (never in production)');

  const logBacklog = new LogBacklog(config.logBacklog);
  const logFeed = new RunnerEventFeed({
    runnerUrl: config.runnerUrl,
    serviceToken: config.runnerServiceToken,
    backlog: logBacklog,
    log: app.log.child({ component: 'runner-events' }),
  });
  await app.register(cookie);
  useErrorEnvelopes(app, {
    name: 'gateway',
    toEnvelope: (error, requestId) => (error instanceof GatewayError ? error.toEnvelope(requestId) : undefined),
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  // The routes the session cookie authenticates: their state-changing calls are refused cross-site.
  await app.register(async (cookieAuthenticated) => {
    useSameSiteGuard(cookieAuthenticated, { publicOrigin: config.issuer });
    await cookieAuthenticated.register(sessionRoutes, {
      registry,
      secureCookies: config.secureCookies,
      demoPassword: config.demoPassword,
      loginAttempts: stores.loginAttempts,
    });
    await cookieAuthenticated.register(extTokenRoutes, { registry, tokens });
    await cookieAuthenticated.register(viewStateRoutes, { registry });
    await cookieAuthenticated.register(adminRoutes, {
      registry,
      bundleStore: config.bundleStore,
      trust,
      adminToken: config.adminToken,
      maxBundleBytes: 64 * 1024 * 1024,
      onInstallChanged:
        devEvents &&
        (({ tenantId, extensionId, version }) => devEvents.installChanged({ tenantId, extensionId, version })),
    });
    await cookieAuthenticated.register(devEventRoutes, { registry, adminToken: config.adminToken, hub: devEvents });
    await cookieAuthenticated.register(publisherRoutes, { registry, adminToken: config.adminToken });
    await cookieAuthenticated.register(logRoutes, {
      registry,
      adminToken: config.adminToken,
      backlog: logBacklog,
      limits: { ...config.logStreams, maxBufferedBytes: 1024 * 1024, heartbeatMs: 15_000 },
    });
  });
  await app.register(extensionGatewayPlugin, { gateway: extApi });
  await app.register(hostExtensionRoutes, { registry, runnerBase: config.runnerPublicOrigin });
  await app.register(hostAppRoutes, {
    dir: config.hostAppDir,
    runnerOrigin: config.runnerPublicOrigin,
    canonicalOrigin: config.issuer,
  });
  // Handler logs flow as soon as the gateway is up (the feed reconnects until the runner answers).
  app.addHook('onReady', async () => logFeed.start());
  app.addHook('onClose', async () => {
    await logFeed.stop();
    await extApi.close();
    await stores.close();
  });
  return { app, registry, stores, tokens, logBacklog, logFeed };
}
