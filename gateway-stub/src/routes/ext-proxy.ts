import {
  EXECUTE_FRAME_CONTENT_TYPE,
  ErrorResponse,
  ExecuteResponse,
  HANDLER_REQUEST_HEADERS,
  HEADER,
  IdempotencyKey,
  apiPathProblem,
  decodeFrame,
  parseOrError,
  isForwardedResponseHeader,
  type ExecuteRequest,
  type ExtTokenClaims,
  type HttpMethod,
  type ManifestEndpoint,
} from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { matchEndpoint } from '../endpoint-match.js';
import { GatewayError } from '../errors.js';
import type { RateLimiter } from '../rate-limit.js';
import type { Install, Registry } from '../registry.js';
import type { RunnerClient } from '../runner-client.js';
import type { TokenService } from '../tokens.js';
import { findUser } from '../users.js';

export interface ExtProxyOptions {
  registry: Registry;
  tokens: TokenService;
  runner: RunnerClient;
  limiter: RateLimiter;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Origins allowed to call cross-origin: the runner's public origin and `null` (sandboxed frames). */
  corsOrigins: ReadonlySet<string>;
}

const PREFIX = '/api/ext/';
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOWED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'accept-language',
  HEADER.requestId,
  HEADER.idempotencyKey,
  HEADER.deadline,
];

/** What the pipeline established about a call before its body is read. */
interface Authorized {
  claims: ExtTokenClaims;
  install: Install;
  endpoint: ManifestEndpoint;
  params: Record<string, string>;
  path: string;
  query: Record<string, string[]>;
}

declare module 'fastify' {
  interface FastifyRequest {
    extCall?: Authorized;
  }
}

function splitUrl(rawUrl: string): { extensionId: string; path: string; search: string } {
  const [pathname = '', search = ''] = rawUrl.split('?', 2);
  const rest = pathname.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  const extensionId = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '/' : rest.slice(slash);
  return { extensionId, path, search };
}

function parseQuery(search: string): Record<string, string[]> {
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [key, value] of new URLSearchParams(search)) (query[key] ??= []).push(value);
  return { ...query };
}

function setCors(request: FastifyRequest, reply: FastifyReply, origins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  reply.header('vary', 'Origin');
  if (origin === undefined || !origins.has(origin)) return false;
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-expose-headers', `${HEADER.requestId}, ${HEADER.retryAfter}, etag, location`);
  return true;
}

/**
 * `/api/ext/{extensionId}/{path}`: the extension API proxy. Fail-closed, in order: bearer token
 * (cookies are ignored here) → the token's tenant's install (enabled, same install and content
 * hash) → the manifest endpoint → rate limit → body cap → allow-listed headers → one deadline
 * shared with the runner → the handler's status, allow-listed headers and bytes.
 */
export const extProxyRoutes: FastifyPluginAsync<ExtProxyOptions> = async (app, options) => {
  const { registry, tokens, limiter } = options;

  // Any body, as bytes, capped; parsed only after the checks of the onRequest hook passed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) =>
    done(null, body),
  );

  app.options('/api/ext/*', async (request, reply) => {
    if (setCors(request, reply, options.corsOrigins)) {
      reply.header('access-control-allow-methods', METHODS.join(', '));
      reply.header('access-control-allow-headers', ALLOWED_REQUEST_HEADERS.join(', '));
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS') return;
    setCors(request, reply, options.corsOrigins);
    if (!METHODS.includes(request.method)) {
      throw new GatewayError('method_not_allowed', `${request.method} is not an extension API method`);
    }
    const { extensionId, path, search } = splitUrl(request.raw.url ?? '');
    const problem = apiPathProblem(path);
    if (problem) throw new GatewayError('path_invalid', `the API path ${problem}`);

    const header = request.headers.authorization;
    if (!header)
      throw new GatewayError(
        'unauthenticated',
        'extension API calls need Authorization: Bearer <extension token>; cookies are not accepted',
      );
    if (!header.startsWith('Bearer '))
      throw new GatewayError('token_invalid', 'the Authorization header must be "Bearer <token>"');
    const claims = await tokens.verify(header.slice('Bearer '.length).trim());
    if (claims.ext !== extensionId) {
      throw new GatewayError('extension_mismatch', `this token is for ${claims.ext}, not ${extensionId}`);
    }
    const install = registry.installFor(claims.tid, extensionId);
    if (!install || !install.enabled || install.id !== claims.ins || install.contentHash !== claims.ch) {
      throw new GatewayError(
        'extension_not_available',
        `${extensionId} is not available for this tenant (not installed, disabled, or the installed version changed)`,
      );
    }
    const version = registry.version(install.extensionId, install.version);
    const matched = version?.manifest.api
      ? matchEndpoint(version.manifest.api.endpoints, request.method, path)
      : undefined;
    if (!matched)
      throw new GatewayError('endpoint_not_found', `${extensionId} declares no endpoint ${request.method} ${path}`);
    const allowed = limiter.take(`${claims.tid}\u0000${extensionId}`);
    if (!allowed.ok) {
      reply.header(HEADER.retryAfter, String(allowed.retryAfterSeconds));
      throw new GatewayError(
        'rate_limited',
        `too many calls to ${extensionId} for this tenant; retry in ${allowed.retryAfterSeconds} s`,
        {
          retryAfterSeconds: allowed.retryAfterSeconds,
        },
      );
    }
    request.extCall = {
      claims,
      install,
      endpoint: matched.endpoint,
      params: matched.params,
      path,
      query: parseQuery(search),
    };
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const call = request.extCall;
    if (!call) throw new GatewayError('internal', 'the call was not authorized');
    const { claims, install, endpoint } = call;
    const headers: Record<string, string> = {};
    for (const name of HANDLER_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    headers[HEADER.requestId] = request.id;
    const idempotencyKey = request.headers[HEADER.idempotencyKey];
    if (typeof idempotencyKey === 'string' && !IdempotencyKey.safeParse(idempotencyKey).success) {
      throw new GatewayError('bad_request', 'Idempotency-Key must be 1-128 letters, digits, ".", "_", ":" or "-"');
    }
    const requested = Number(request.headers[HEADER.deadline]);
    const timeoutMs = Math.min(
      options.timeoutMs,
      endpoint.timeoutMs ?? Infinity,
      Number.isInteger(requested) && requested > 0 ? requested : Infinity,
    );
    const user = findUser(claims.sub);
    const execute: ExecuteRequest = {
      context: {
        requestId: request.id,
        tenantId: claims.tid,
        extensionId: install.extensionId,
        installId: install.id,
        contentHash: install.contentHash,
        version: install.version,
      },
      route: { handler: endpoint.handler, pattern: endpoint.path, params: call.params },
      http: {
        method: request.method as HttpMethod,
        path: call.path.split('?', 1)[0] ?? '/',
        query: call.query,
        headers,
      },
      limits: { timeoutMs },
      grants: install.grants,
      egress: install.egress,
      config: install.config,
      secrets: install.secrets,
      ...(user ? { user: { id: user.id, displayName: user.displayName, email: user.email } } : {}),
    };
    const started = performance.now();
    // The audit line is written before the install's secrets leave for the runner.
    request.log.info(
      {
        audit: 'ext.call',
        tenantId: claims.tid,
        extensionId: install.extensionId,
        installId: install.id,
        endpoint: `${endpoint.method} ${endpoint.path}`,
        userId: claims.sub,
      },
      'extension call authorized',
    );
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    let status = 500;
    let outcome = 'internal';
    try {
      const answer = await options.runner.execute(
        execute,
        body,
        typeof idempotencyKey === 'string' ? { idempotencyKey } : {},
      );
      if (answer.contentType === EXECUTE_FRAME_CONTENT_TYPE && answer.status === 200) {
        const frame = decodeFrame(answer.body);
        const parsed = frame.ok ? parseOrError(ExecuteResponse, frame.header) : undefined;
        if (!frame.ok || !parsed?.ok) throw new GatewayError('bad_gateway', 'the runner answered a malformed frame');
        status = parsed.value.status;
        outcome = 'ok';
        for (const [name, value] of Object.entries(parsed.value.headers)) {
          if (isForwardedResponseHeader(name)) reply.header(name, value);
        }
        // A bearer-authenticated answer is per user: a shared cache must never store it.
        const cacheControl = parsed.value.headers['cache-control'];
        reply.header('cache-control', cacheControl ? cacheControl.replace(/\bpublic\b/gi, 'private') : 'no-store');
        reply.header('vary', 'Origin, Authorization');
        reply.code(status);
        return reply.send(Buffer.from(frame.body));
      }
      const refusal = parseOrError(ErrorResponse, safeJson(answer.body));
      if (!refusal.ok)
        throw new GatewayError('bad_gateway', `the runner answered ${answer.status} without an error envelope`);
      status = answer.status;
      outcome = refusal.value.error.code;
      if (outcome === 'overloaded') reply.header(HEADER.retryAfter, '1');
      reply.code(status).header('cache-control', 'no-store');
      return reply.send({ error: { ...refusal.value.error, requestId: request.id } });
    } catch (error) {
      if (error instanceof GatewayError) {
        outcome = error.code;
        status = error.toEnvelope(request.id).status ?? 500;
      }
      throw error;
    } finally {
      request.log.info(
        {
          audit: 'ext.result',
          tenantId: claims.tid,
          extensionId: install.extensionId,
          installId: install.id,
          endpoint: `${endpoint.method} ${endpoint.path}`,
          status,
          outcome,
          durationMs: performance.now() - started,
        },
        'extension call finished',
      );
    }
  };
  for (const method of METHODS) app.route({ method: method, url: '/api/ext/*', handler });
};

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
