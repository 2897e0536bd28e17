import cookie from '@fastify/cookie';
import { loadTrustBundle } from '@extsys/bundle';
import { RequestId, errorEnvelope } from '@extsys/protocol';
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import { nanoid } from 'nanoid';
import type { GatewayConfig } from './config.js';
import { GatewayError } from './errors.js';
import { RateLimiter } from './rate-limit.js';
import { Registry } from './registry.js';
import { adminRoutes } from './routes/admin.js';
import { extProxyRoutes, isExtApiCall } from './routes/ext-proxy.js';
import { extTokenRoutes } from './routes/ext-token.js';
import { hostAppRoutes } from './routes/host-app.js';
import { hostExtensionRoutes } from './routes/host-extensions.js';
import { sessionRoutes } from './routes/sessions.js';
import { RunnerClient } from './runner-client.js';
import { TokenService } from './tokens.js';

export interface Gateway {
  app: FastifyInstance;
  registry: Registry;
  tokens: TokenService;
}

const FRAMEWORK_CODES: Record<string, Parameters<typeof errorEnvelope>[0]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_BAD_URL: 'path_invalid',
};

/** Builds the gateway (not yet listening). `logStream` replaces stdout as the log destination (tests). */
export async function createGateway(
  config: GatewayConfig,
  hooks: { logStream?: { write(line: string): void } } = {},
): Promise<Gateway> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...(hooks.logStream ? { stream: hooks.logStream } : {}),
    },
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && RequestId.safeParse(header).success ? header : `req_${nanoid(16)}`;
    },
    // Extension API calls write their own audit lines with the same fields (see isExtApiCall).
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: isExtApiCall }),
    return503OnClosing: true,
    bodyLimit: 1024 * 1024,
    frameworkErrors: (error, request, rawReply) => {
      void (rawReply as FastifyReply)
        .code(400)
        .header('x-request-id', request.id)
        .send({
          error: errorEnvelope(FRAMEWORK_CODES[error.code] ?? 'bad_request', error.message, { requestId: request.id }),
        });
    },
  });
  const registry = new Registry(config.dataDir);
  const tokens = await TokenService.load(config.dataDir, config.issuer, config.tokenTtlSeconds);
  const runner = new RunnerClient(config.runnerUrl, config.runnerServiceToken);
  const trust = config.trustBundlePath ? await loadTrustBundle(config.trustBundlePath) : undefined;

  await app.register(cookie);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    let envelope;
    if (error instanceof GatewayError) envelope = error.toEnvelope(request.id);
    else if (error.code && FRAMEWORK_CODES[error.code]) {
      envelope = errorEnvelope(FRAMEWORK_CODES[error.code]!, error.message, { requestId: request.id });
    } else {
      request.log.error({ err: error }, 'unexpected error');
      envelope = errorEnvelope('internal', 'The gateway failed unexpectedly; see its log for this request id.', {
        requestId: request.id,
      });
    }
    return reply
      .code(envelope.status ?? 500)
      .header('cache-control', 'no-store')
      .send({ error: envelope });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: errorEnvelope('not_found', `no route ${request.method} ${request.url.split('?', 1)[0] ?? ''}`, {
        requestId: request.id,
      }),
    }),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(sessionRoutes, {
    registry,
    secureCookies: config.secureCookies,
    demoPassword: config.demoPassword,
  });
  await app.register(extTokenRoutes, { registry, tokens });
  await app.register(adminRoutes, {
    registry,
    bundleStore: config.bundleStore,
    trust,
    adminToken: config.adminToken,
    maxBundleBytes: 64 * 1024 * 1024,
  });
  await app.register(extProxyRoutes, {
    registry,
    tokens,
    runner,
    limiter: new RateLimiter(config.rateLimit),
    timeoutMs: config.timeoutMs,
    maxBodyBytes: config.maxBodyBytes,
    corsOrigins: new Set([config.runnerPublicOrigin, 'null']),
  });
  await app.register(hostExtensionRoutes, { registry, runnerBase: config.runnerPublicOrigin });
  await app.register(hostAppRoutes, {
    dir: config.hostAppDir,
    runnerOrigin: config.runnerPublicOrigin,
    canonicalOrigin: config.issuer,
  });
  app.addHook('onClose', async () => {
    await runner.close();
    registry.close();
  });
  return { app, registry, tokens };
}
