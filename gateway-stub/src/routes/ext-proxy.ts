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
  matchEndpoint,
  type ExecuteRequest,
  type ExtTokenClaims,
  type HttpMethod,
  type ManifestEndpoint,
} from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

import { GatewayError } from '../errors.js';
import type { RateLimiter } from '../rate-limit.js';
import type { Install, Registry } from '../registry.js';
import type { RunnerClient } from '../runner-client.js';
import type { TenantInFlight } from '../tenant-in-flight.js';
import type { TokenService } from '../tokens.js';
import { servesSameUi } from '../same-ui.js';
import { findUser } from '../users.js';

export interface ExtProxyOptions {
  registry: Registry;
  tokens: TokenService;
  runner: RunnerClient;
  limiter: RateLimiter;
  inFlight: TenantInFlight;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Origins allowed to call cross-origin: the runner's public origin and `null` (sandboxed frames). */
  corsOrigins: ReadonlySet<string>;
}

const PREFIX = '/api/ext/';
const EMPTY = Buffer.alloc(0);
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const METHOD_SET: ReadonlySet<string> = new Set(METHODS);
/** Methods routed to the proxy pipeline (HEAD is Fastify's automatic twin of GET; it is refused there). */
const AUDITED_METHODS: ReadonlySet<string> = new Set([...METHODS, 'HEAD']);

/**
 * Whether a request is an extension API call, which writes its own audit lines (`ext.call` before the
 * runner is called, `ext.result` once answered, refusals included) carrying what Fastify's
 * "incoming request" / "request completed" lines carry; the server turns those off for it.
 * Preflights keep Fastify's lines.
 */
export function isExtApiCall(request: { method: string; url: string }): boolean {
  return request.url.startsWith(PREFIX) && AUDITED_METHODS.has(request.method);
}

/** Stable outcome codes for the framework errors this route can raise before the pipeline answers. */
const FRAMEWORK_OUTCOMES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
};
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

/** What the audit line of a call reports; filled in as the pipeline goes. */
interface Audit {
  outcome: string;
  /** Time spent waiting for the runner, when it was called. */
  runnerMs?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    extCall: Authorized | null;
    extAudit: Audit | null;
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
  if (search === '') return {};
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [key, value] of new URLSearchParams(search)) (query[key] ??= []).push(value);
  return { ...query };
}

function setCors(request: FastifyRequest, reply: FastifyReply, origins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  reply.header('vary', 'Origin');
  if (origin === undefined || !origins.has(origin)) return false;
  reply.header('access-control-allow-origin', origin);
  reply.header(
    'access-control-expose-headers',
    `${HEADER.requestId}, ${HEADER.retryAfter}, ${HEADER.idempotentReplayed}, etag, location`,
  );
  return true;
}

/**
 * `/api/ext/{extensionId}/{path}`: the extension API proxy. Fail-closed, in order: bearer token
 * (cookies are ignored here) → the token's tenant's install (enabled, same install and content
 * hash) → the manifest endpoint → rate limit → body cap → allow-listed headers → the tenant's
 * calls in flight to the runner → one deadline shared with the runner → the handler's status,
 * allow-listed headers and bytes.
 */
export const extProxyRoutes: FastifyPluginAsync<ExtProxyOptions> = async (app, options) => {
  const { registry, tokens, limiter } = options;
  app.decorateRequest('extCall', null);
  app.decorateRequest('extAudit', null);

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
    request.extAudit = { outcome: 'internal' };
    setCors(request, reply, options.corsOrigins);
    if (!METHOD_SET.has(request.method)) {
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
    if (!install || !install.enabled || install.id !== claims.ins || !servesSameUi(registry, install, claims.ch)) {
      throw new GatewayError(
        'extension_not_available',
        `${extensionId} is not available for this tenant (not installed, disabled, or upgraded to a version with another UI: reload the page)`,
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

  // A refusal's code, for the audit line (the server's error handler writes the envelope).
  app.addHook('onError', (request, _reply, error: Error & { code?: string }, done) => {
    if (request.extAudit) {
      request.extAudit.outcome =
        error instanceof GatewayError ? error.code : (FRAMEWORK_OUTCOMES[error.code ?? ''] ?? 'internal');
    }
    done();
  });

  // One `ext.result` line per call, refused or answered: who, what, status, outcome, time.
  app.addHook('onResponse', (request, reply, done) => {
    const audit = request.extAudit;
    if (audit) {
      const call = request.extCall;
      request.log.info(
        {
          audit: 'ext.result',
          method: request.method,
          url: request.url,
          remoteAddress: request.socket.remoteAddress,
          ...(call
            ? {
                tenantId: call.claims.tid,
                extensionId: call.install.extensionId,
                installId: call.install.id,
                endpoint: `${call.endpoint.method} ${call.endpoint.path}`,
                userId: call.claims.sub,
              }
            : {}),
          status: reply.statusCode,
          outcome: audit.outcome,
          durationMs: reply.elapsedTime,
          ...(audit.runnerMs === undefined ? {} : { runnerMs: audit.runnerMs }),
        },
        'extension call finished',
      );
    }
    done();
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
    // Given back in the `finally` below; nothing in between awaits or throws.
    const releaseInFlight = options.inFlight.acquire(claims.tid);
    if (!releaseInFlight) {
      reply.header(HEADER.retryAfter, '1');
      throw new GatewayError(
        'tenant_busy',
        `this tenant already has ${options.inFlight.maxPerTenant} extension calls waiting on the runner; retry in 1 s`,
        { retryAfterSeconds: 1 },
      );
    }
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
    const audit = request.extAudit ?? (request.extAudit = { outcome: 'internal' });
    const body = Buffer.isBuffer(request.body) ? request.body : EMPTY;
    const started = performance.now();
    let answer;
    try {
      answer = await options.runner.execute(
        execute,
        body,
        typeof idempotencyKey === 'string' ? { idempotencyKey } : {},
      );
    } finally {
      releaseInFlight();
      audit.runnerMs = performance.now() - started;
    }
    if (answer.contentType === EXECUTE_FRAME_CONTENT_TYPE && answer.status === 200) {
      const frame = decodeFrame(answer.body);
      const parsed = frame.ok ? parseOrError(ExecuteResponse, frame.header) : undefined;
      if (!frame.ok || !parsed?.ok) throw new GatewayError('bad_gateway', 'the runner answered a malformed frame');
      audit.outcome = 'ok';
      const handlerHeaders = parsed.value.headers;
      let cacheControl: string | undefined;
      for (const name in handlerHeaders) {
        if (!isForwardedResponseHeader(name)) continue;
        if (name.toLowerCase() === 'cache-control') cacheControl = handlerHeaders[name];
        else reply.header(name, handlerHeaders[name]);
      }
      // A bearer-authenticated answer is per user: a shared cache must never store it.
      reply.header('cache-control', cacheControl ? cacheControl.replace(/\bpublic\b/gi, 'private') : 'no-store');
      reply.header('vary', 'Origin, Authorization');
      // The client learns its retry was answered from the first call's stored answer, not run again.
      if (answer.replayed) reply.header(HEADER.idempotentReplayed, 'true');
      reply.code(parsed.value.status);
      // The handler's bytes as a view on the runner's answer: no copy.
      const bytes = frame.body;
      return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    const refusal = parseOrError(ErrorResponse, safeJson(answer.body));
    if (!refusal.ok)
      throw new GatewayError('bad_gateway', `the runner answered ${answer.status} without an error envelope`);
    audit.outcome = refusal.value.error.code;
    if (audit.outcome === 'overloaded' || audit.outcome === 'tenant_busy') {
      const retryAfter = refusal.value.error.details?.retryAfterSeconds;
      reply.header(HEADER.retryAfter, String(Number.isInteger(retryAfter) && Number(retryAfter) > 0 ? retryAfter : 1));
    }
    reply.code(answer.status).header('cache-control', 'no-store');
    return reply.send({ error: { ...refusal.value.error, requestId: request.id } });
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
