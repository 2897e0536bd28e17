import { loadTrustBundle } from '@extsys/bundle';
import { EXECUTE_LIMITS } from '@extsys/protocol';
import { serviceFastifyOptions, useErrorEnvelopes, type RawServiceRequest } from '@extsys/service';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { BundleCache } from './bundles/cache.js';
import { bearerCredentialCheck } from './bearer-credential.js';
import { HttpBundleStore } from './bundles/http-store.js';
import { LocalBundleStore } from './bundles/local-store.js';
import type { BundleStore } from './bundles/store.js';
import type { RunnerConfig } from './config.js';
import { RunnerError } from './errors.js';
import { extUiRoutes } from './routes/ext-ui.js';
import { FileReader } from './routes/file-reader.js';
import { healthRoutes } from './routes/health.js';
import { executeRoutes } from './routes/execute.js';
import { Engine } from './engine/engine.js';
import { IdempotentCalls } from './state/idempotency.js';
import { WorkerPool } from './engine/pool.js';
import { compileQuickJsWasm } from './engine/js/quickjs-wasm.js';
import { EgressFetcher } from './capabilities/egress.js';
import type { KvStore } from './state/kv-store.js';
import { NamespaceLocks } from './capabilities/namespace-lock.js';
import { openPostgresState, openSqliteState, type RunnerState } from './state/runner-state.js';
import { RunnerMetrics } from './metrics.js';
import { metricsRoutes } from './routes/metrics.js';
import { eventRoutes } from './routes/events.js';
import { EventRing } from './events/event-ring.js';

export interface Runner {
  app: FastifyInstance;
  cache: BundleCache;
  store: BundleStore;
  pool: WorkerPool;
  kv: KvStore;
  /** Where KV data and idempotency records are: SQLite, or PostgreSQL with `DATABASE_URL`. */
  state: RunnerState;
  /** Every invocation's event (GET /v1/events). */
  events: EventRing;
}

export interface RunnerHooks {
  /** Sees every file path the runner opens to serve (tests prove nothing outside a bundle is read). */
  onFileOpen?: (absolutePath: string) => void;
  /** Replaces the configured store (tests count fetches). */
  store?: BundleStore;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

/** The runner's state: PostgreSQL when `DATABASE_URL` is set (migrated before anything is served), else SQLite. */
function openState(config: RunnerConfig, log: FastifyBaseLogger): Promise<RunnerState> {
  if (config.databaseUrl === undefined) return Promise.resolve(openSqliteState(config.kvPath));
  return openPostgresState(config.databaseUrl, {
    ...(config.databasePoolMax === undefined ? {} : { poolMax: config.databasePoolMax }),
    onPoolError: (message) => log.warn(message),
  });
}

function storeFor(config: RunnerConfig): BundleStore {
  return /^https?:\/\//.test(config.bundleStore)
    ? new HttpBundleStore(config.bundleStore, {
        maxBundleBytes: config.maxBundleBytes,
        timeoutMs: config.bundleFetchTimeoutMs,
      })
    : new LocalBundleStore(config.bundleStore, config.maxBundleBytes);
}

/**
 * Whose `x-request-id` the runner adopts: only the gateway's, on `POST /v1/execute` with the service
 * credential, so that one id follows a call through gateway and runner. Everything else —
 * `/ext-ui/...` files fetched by browsers, a caller without the credential — gets an id the runner
 * mints (a caller's well-formed one is logged as `clientRequestId`): anyone who can reach the
 * runner could otherwise write lines under a real call's id.
 */
function trustsGatewayRequestId(serviceToken: string | undefined): (request: RawServiceRequest) => boolean {
  const presentsCredential = bearerCredentialCheck(serviceToken);
  return (request) =>
    request.method === 'POST' &&
    request.url?.split('?', 1)[0] === '/v1/execute' &&
    presentsCredential(request.headers.authorization);
}

/** Builds the runner's HTTP service (not yet listening). */
export async function createRunner(config: RunnerConfig, hooks: RunnerHooks = {}): Promise<Runner> {
  const app = Fastify(
    serviceFastifyOptions({
      logLevel: config.logLevel,
      logStream: hooks.logStream,
      trustRequestId: trustsGatewayRequestId(config.serviceToken),
      httpTimeouts: config.httpTimeouts,
    }),
  );
  const store = hooks.store ?? storeFor(config);
  const trust = config.trustBundlePath ? await loadTrustBundle(config.trustBundlePath) : undefined;
  // The gauges read the pool only when scraped, after it exists.
  const metrics = new RunnerMetrics({ queueDepth: () => pool.queueDepth, busyWorkers: () => pool.busy });
  const cache = new BundleCache({
    dir: config.cacheDir,
    maxBytes: config.cacheMaxBytes,
    store,
    trust,
    requireSignatures: config.requireSignatures,
    limits: { maxBundleBytes: config.maxBundleBytes },
    negative: { ttlMs: config.bundleNegativeTtlMs, maxEntries: config.bundleNegativeMaxEntries },
    metrics,
    log: app.log,
  });
  await cache.init();

  useErrorEnvelopes(app, {
    name: 'runner',
    toEnvelope: (error, requestId) => (error instanceof RunnerError ? error.toEnvelope(requestId) : undefined),
  });

  await app.register(healthRoutes, { store, cache });
  await app.register(extUiRoutes, {
    cache,
    files: new FileReader(config.memoryCacheMaxBytes, hooks.onFileOpen),
    csp: { frameAncestors: config.frameAncestors, connectSrc: config.connectSrc, formAction: config.formAction },
  });
  const pool = new WorkerPool({
    ...(config.engineWorkers === undefined ? {} : { size: config.engineWorkers }),
    ...(config.engineMaxQueue === undefined ? {} : { maxQueue: config.engineMaxQueue }),
    ...(config.engineTenantMaxWorkers === undefined ? {} : { tenantMaxWorkers: config.engineTenantMaxWorkers }),
    ...(config.engineTenantMaxQueue === undefined ? {} : { tenantMaxQueue: config.engineTenantMaxQueue }),
    jsEngine: await compileQuickJsWasm(),
    onRestart: () => metrics.workerRestarts.inc(),
    onQueueWait: (tenantId, waitedMs) => metrics.queueWait.observe({ tenant: tenantId }, waitedMs / 1000),
  });
  let state: RunnerState;
  try {
    state = await openState(config, app.log);
  } catch (error) {
    await pool.close();
    throw error;
  }
  app.log.info(`runner state: ${state.description}`);
  const { kv } = state;
  const idempotency = new IdempotentCalls(state.records, {
    ttlMs: config.idempotencyTtlMs,
    onSweepError: (error) =>
      app.log.warn({ err: error }, 'expired idempotency records could not be swept; retrying later'),
  });
  const egress = new EgressFetcher({ allowPrivateNetworks: config.egressAllowPrivateNetworks });
  const engine = new Engine({
    pool,
    kv,
    commits: state.commits,
    locks: new NamespaceLocks(),
    egress,
    metrics,
    limits: {
      maxTimeoutMs: config.maxTimeoutMs,
      maxMemoryMb: config.maxMemoryMb,
      maxResponseBytes: EXECUTE_LIMITS.maxResponseBodyBytes,
      maxLogBytes: 64 * 1024,
    },
  });
  const events = new EventRing({ maxEvents: config.eventsBacklog, maxBytes: config.eventsBacklogBytes });
  await app.register(executeRoutes, {
    engine,
    cache,
    metrics,
    idempotency,
    events,
    serviceToken: config.serviceToken,
  });
  await app.register(eventRoutes, { events, serviceToken: config.serviceToken, maxStreams: config.eventsMaxStreams });
  await app.register(metricsRoutes, { metrics, metricsToken: config.metricsToken });

  app.addHook('onClose', async () => {
    await pool.close();
    await egress.close();
    idempotency.close();
    await state.close();
    if (store instanceof HttpBundleStore) await store.close();
  });
  return { app, cache, store, pool, kv, state, events };
}
