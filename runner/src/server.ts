import { loadTrustBundle } from '@extsys/bundle';
import { EXECUTE_LIMITS, RequestId, errorEnvelope } from '@extsys/protocol';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import { nanoid } from 'nanoid';
import { BundleCache } from './bundles/cache.js';
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
import { IdempotencyStore } from './engine/idempotency.js';
import { WorkerPool } from './engine/pool.js';
import { EgressFetcher } from './capabilities/egress.js';
import { KvStore } from './capabilities/kv-store.js';
import { RunnerMetrics } from './metrics.js';

export interface Runner {
  app: FastifyInstance;
  cache: BundleCache;
  store: BundleStore;
  pool: WorkerPool;
  kv: KvStore;
}

export interface RunnerHooks {
  /** Sees every file path the runner opens to serve (tests prove nothing outside a bundle is read). */
  onFileOpen?: (absolutePath: string) => void;
  /** Replaces the configured store (tests count fetches). */
  store?: BundleStore;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

function storeFor(config: RunnerConfig): BundleStore {
  return /^https?:\/\//.test(config.bundleStore)
    ? new HttpBundleStore(config.bundleStore, {
        maxBundleBytes: config.maxBundleBytes,
        timeoutMs: config.bundleFetchTimeoutMs,
      })
    : new LocalBundleStore(config.bundleStore, config.maxBundleBytes);
}

/** Builds the runner's HTTP service (not yet listening). */
export async function createRunner(config: RunnerConfig, hooks: RunnerHooks = {}): Promise<Runner> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...(hooks.logStream ? { stream: hooks.logStream } : {}),
    },
    // A caller's request id is kept when it is well-formed, so one id follows a call end to end.
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && RequestId.safeParse(header).success ? header : `req_${nanoid(16)}`;
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    return503OnClosing: true,
    // Errors Fastify raises before routing (a URL that does not decode, say) get the same envelope.
    frameworkErrors: (error, request, rawReply) => {
      const badUrl = error.code === 'FST_ERR_BAD_URL';
      const message = badUrl
        ? 'the URL path has a malformed percent-encoding'
        : `the request was refused: ${error.message}`;
      void (rawReply as FastifyReply)
        .code(400)
        .header('x-request-id', request.id)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send({ error: errorEnvelope(badUrl ? 'path_invalid' : 'bad_request', message, { requestId: request.id }) });
    },
  });
  const store = hooks.store ?? storeFor(config);
  const trust = config.trustBundlePath ? await loadTrustBundle(config.trustBundlePath) : undefined;
  const cache = new BundleCache({
    dir: config.cacheDir,
    maxBytes: config.cacheMaxBytes,
    store,
    trust,
    requireSignatures: config.requireSignatures,
    limits: { maxBundleBytes: config.maxBundleBytes },
    log: app.log,
  });
  await cache.init();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof RunnerError) {
      const envelope = error.toEnvelope(request.id);
      return reply
        .code(envelope.status ?? 500)
        .header('cache-control', 'no-store')
        .send({ error: envelope });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply
      .code(500)
      .header('cache-control', 'no-store')
      .send({
        error: errorEnvelope('internal', 'The runner failed unexpectedly; see its log for this request id.', {
          requestId: request.id,
        }),
      });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .header('cache-control', 'no-store')
      .send({
        error: errorEnvelope('not_found', `no route ${request.method} ${request.url.split('?', 1)[0] ?? ''}`, {
          requestId: request.id,
        }),
      }),
  );

  await app.register(healthRoutes, { store, cache });
  await app.register(extUiRoutes, {
    cache,
    files: new FileReader(config.memoryCacheMaxBytes, hooks.onFileOpen),
    csp: { frameAncestors: config.frameAncestors, connectSrc: config.connectSrc, formAction: config.formAction },
  });
  const pool = new WorkerPool({
    ...(config.engineWorkers === undefined ? {} : { size: config.engineWorkers }),
    ...(config.engineMaxQueue === undefined ? {} : { maxQueue: config.engineMaxQueue }),
    onRestart: () => metrics.workerRestarts.inc(),
  });
  const metrics = new RunnerMetrics({ queueDepth: () => pool.queueDepth, busyWorkers: () => pool.busy });
  const kv = new KvStore(config.kvPath);
  const egress = new EgressFetcher({ allowPrivateNetworks: config.egressAllowPrivateNetworks });
  const engine = new Engine({
    pool,
    kv,
    egress,
    metrics,
    limits: {
      maxTimeoutMs: config.maxTimeoutMs,
      maxMemoryMb: config.maxMemoryMb,
      maxResponseBytes: EXECUTE_LIMITS.maxResponseBodyBytes,
      maxLogBytes: 64 * 1024,
    },
  });
  await app.register(executeRoutes, {
    engine,
    cache,
    metrics,
    idempotency: new IdempotencyStore({ ttlMs: config.idempotencyTtlMs, maxBytes: 64 * 2 ** 20 }),
    serviceToken: config.serviceToken,
  });

  app.addHook('onClose', async () => {
    await pool.close();
    await egress.close();
    kv.close();
    if (store instanceof HttpBundleStore) await store.close();
  });
  return { app, cache, store, pool, kv };
}
