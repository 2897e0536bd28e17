import {
  HANDLER_REQUEST_HEADERS,
  HEADER,
  IdempotencyKey,
  apiPathProblem,
  matchEndpoint,
  type ErrorEnvelope,
  type ExecuteRequest,
  type HttpMethod,
} from '@extsys/protocol';
import { HostServerError } from '../errors.js';
import { mintRequestId } from '../request-id.js';
import type { ExtensionTokens } from '../tokens/extension-tokens.js';
import type { AuditEvent, AuditSink, AuditSubject } from './audit.js';
import { EXT_API_METHODS, applyCors, preflightHeaders } from './cors.js';
import type { ExtAnswer, ExtExchange, HandleContext } from './exchange.js';
import { splitExtPath } from './ext-path.js';
import type { ExtensionInstall, HandlerUser, ResolveInstall } from './install.js';
import { resolveLimits, type GatewayLimits } from './limits.js';
import { DEFAULT_RATE_LIMIT, memoryRateLimit, type RateLimitStore } from './rate-limit.js';
import { mapRunnerAnswer } from './runner-answer.js';
import { RunnerClient } from './runner-client.js';
import { TenantInFlight } from './tenant-in-flight.js';
import { webHandler } from './web-handler.js';

export interface ExtensionGatewayOptions {
  /** The runner's `POST /v1/execute`: its URL and the service credential it was started with (`RUNNER_SERVICE_TOKEN`). */
  runner: { url: string; serviceCredential: string };
  /** Verifies the bearer token of every call: `createExtensionTokens(...)`, or the promise of it (no top-level await needed). */
  tokens: ExtensionTokens | Promise<ExtensionTokens>;
  /** The tenant's install of the extension, from the host's records. */
  resolveInstall: ResolveInstall;
  /**
   * Whether a token minted for `tokenContentHash` may call the install as it is now. Default: only
   * the install's current content hash — a frame of an older version never reaches a newer API.
   * A host that keeps frames mounted across handler-only upgrades answers true for the versions
   * whose UI is the same.
   */
  acceptsContentHash?: (install: ExtensionInstall, tokenContentHash: string) => boolean | Promise<boolean>;
  /** Who the handler is told it runs for (`user.read`); default: `{id}`, the token's user id only. */
  resolveUser?: (userId: string) => HandlerUser | undefined | Promise<HandlerUser | undefined>;
  limits?: Partial<GatewayLimits>;
  /** Calls per tenant + extension (default: in memory, 60 at once, 20/s after); `false` for none. */
  rateLimit?: RateLimitStore | false;
  /** Receives the audit events of every call (see `AuditEvent`). */
  audit?: AuditSink;
  /** Origins that may call cross-origin. Default `['null']`: sandboxed extension frames. */
  cors?: { origins?: readonly string[] };
  /** Where the API is mounted (default `/api/ext`): calls are `{basePath}/{extensionId}/{path}`. */
  basePath?: string;
  /** An error the kit did not expect (answered `500 internal`); default `console.error`. */
  onUnexpectedError?: (error: unknown, requestId: string) => void;
}

export interface ExtensionGateway {
  /** A fetch-style handler: Next.js route handlers (`export const GET = gateway.handle`), Hono, Bun, Deno. */
  handle(request: Request, context?: HandleContext): Promise<Response>;
  /** The same pipeline over a server-neutral exchange: what the node:http and Fastify adapters call. */
  exchange(exchange: ExtExchange, audit?: AuditSink): Promise<ExtAnswer>;
  readonly basePath: string;
  /** Whether a request URL is under `basePath` (an adapter passes the others on). */
  owns(url: string): boolean;
  /** Closes the pooled connections to the runner. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The `/api/ext` proxy. Fail-closed, in order: method → path → bearer token (cookies are never
 * looked at) → the token's tenant's install (enabled, the token's install and content hash) → the
 * manifest endpoint → rate limit → body cap → idempotency key → the tenant's calls in flight → one
 * deadline shared with the runner → the handler's status, allow-listed headers and bytes.
 */
export function createExtensionGateway(options: ExtensionGatewayOptions): ExtensionGateway {
  const limits = resolveLimits(options.limits);
  const basePath = (options.basePath ?? '/api/ext').replace(/\/+$/, '');
  const corsOrigins: ReadonlySet<string> = new Set(options.cors?.origins ?? ['null']);
  const rateLimit =
    options.rateLimit === false ? undefined : (options.rateLimit ?? memoryRateLimit(DEFAULT_RATE_LIMIT));
  const inFlight = new TenantInFlight(limits.tenantMaxInFlight);
  const runner = new RunnerClient(options.runner.url.replace(/\/+$/, ''), options.runner.serviceCredential);
  const acceptsContentHash = options.acceptsContentHash ?? (() => false);
  const tokensReady = Promise.resolve(options.tokens);
  // A failure to create them is answered per call (500 internal), never an unhandled rejection.
  tokensReady.catch(() => undefined);
  let tokens: ExtensionTokens | undefined;
  const onUnexpectedError =
    options.onUnexpectedError ?? ((error, requestId) => console.error(`extsys gateway: ${requestId}:`, error));

  /** What the pipeline learned of a call so far, for its audit events. */
  interface CallState {
    requestId: string;
    headers: Record<string, string>;
    subject?: AuditSubject;
    runnerMs?: number;
    /** The runner's refusal code, when it refused the call. */
    outcome?: string;
  }

  /** An audit event to the gateway's sink and the call's own (an adapter's logger). */
  function emit(event: AuditEvent, callSink: AuditSink | undefined): void {
    options.audit?.(event);
    callSink?.(event);
  }

  async function authorize(exchange: ExtExchange, state: CallState) {
    if (!EXT_API_METHODS.includes(exchange.method)) {
      throw new HostServerError('method_not_allowed', `${exchange.method} is not an extension API method`);
    }
    const parts = splitExtPath(exchange.url, basePath);
    if (!parts?.extensionId) {
      throw new HostServerError('not_found', `extension API calls are under ${basePath}/{extensionId}/`);
    }
    const { extensionId, path } = parts;
    const problem = apiPathProblem(path);
    if (problem) throw new HostServerError('path_invalid', `the API path ${problem}`);

    const authorization = exchange.header('authorization');
    if (!authorization) {
      throw new HostServerError(
        'unauthenticated',
        'extension API calls need Authorization: Bearer <extension token>; cookies are not accepted',
      );
    }
    if (!authorization.startsWith('Bearer ')) {
      throw new HostServerError('token_invalid', 'the Authorization header must be "Bearer <token>"');
    }
    tokens ??= await tokensReady;
    const claims = await tokens.verify(authorization.slice('Bearer '.length).trim(), { extensionId });
    const install = await options.resolveInstall({ tenantId: claims.tid, extensionId });
    if (
      !install ||
      !install.enabled ||
      install.id !== claims.ins ||
      (install.contentHash !== claims.ch && !(await acceptsContentHash(install, claims.ch)))
    ) {
      throw new HostServerError(
        'extension_not_available',
        `${extensionId} is not available for this tenant (not installed, disabled, or upgraded to a version with another UI: reload the page)`,
      );
    }
    const matched = matchEndpoint(install.endpoints, exchange.method, path);
    if (!matched) {
      throw new HostServerError('endpoint_not_found', `${extensionId} declares no endpoint ${exchange.method} ${path}`);
    }
    const { endpoint } = matched;
    state.subject = {
      tenantId: claims.tid,
      extensionId,
      installId: install.id,
      endpoint: `${endpoint.method} ${endpoint.path}`,
      userId: claims.sub,
    };
    const allowed = rateLimit ? await rateLimit.take(`${claims.tid}\u0000${extensionId}`) : { ok: true as const };
    if (!allowed.ok) {
      state.headers[HEADER.retryAfter] = String(allowed.retryAfterSeconds);
      throw new HostServerError(
        'rate_limited',
        `too many calls to ${extensionId} for this tenant; retry in ${allowed.retryAfterSeconds} s`,
        { retryAfterSeconds: allowed.retryAfterSeconds },
      );
    }
    return { claims, install, endpoint, params: matched.params, path, query: parts.query };
  }

  async function forward(exchange: ExtExchange, state: CallState, audit: AuditSink | undefined): Promise<ExtAnswer> {
    const { claims, install, endpoint, params, path, query } = await authorize(exchange, state);
    const body = await exchange.body(limits.maxBodyBytes);
    const idempotencyKey = exchange.header(HEADER.idempotencyKey);
    if (idempotencyKey !== undefined && !IdempotencyKey.safeParse(idempotencyKey).success) {
      throw new HostServerError('bad_request', 'Idempotency-Key must be 1-128 letters, digits, ".", "_", ":" or "-"');
    }
    const handlerHeaders: Record<string, string> = {};
    for (const name of HANDLER_REQUEST_HEADERS) {
      const value = exchange.header(name);
      if (value !== undefined) handlerHeaders[name] = value;
    }
    handlerHeaders[HEADER.requestId] = state.requestId;
    const requested = Number(exchange.header(HEADER.deadline));
    const timeoutMs = Math.min(
      limits.timeoutMs,
      endpoint.timeoutMs ?? Infinity,
      Number.isInteger(requested) && requested > 0 ? requested : Infinity,
    );
    const user = options.resolveUser ? await options.resolveUser(claims.sub) : { id: claims.sub };
    const execute: ExecuteRequest = {
      context: {
        requestId: state.requestId,
        tenantId: claims.tid,
        extensionId: install.extensionId,
        installId: install.id,
        contentHash: install.contentHash,
        version: install.version,
      },
      route: { handler: endpoint.handler, pattern: endpoint.path, params },
      http: { method: exchange.method as HttpMethod, path, query, headers: handlerHeaders },
      limits: { timeoutMs },
      grants: install.grants,
      egress: install.egress,
      config: install.config,
      secrets: install.secrets,
      ...(user ? { user } : {}),
    };
    // Given back in the `finally` below; nothing in between awaits or throws.
    const releaseInFlight = inFlight.acquire(claims.tid);
    if (!releaseInFlight) {
      state.headers[HEADER.retryAfter] = '1';
      throw new HostServerError(
        'tenant_busy',
        `this tenant already has ${limits.tenantMaxInFlight} extension calls waiting on the runner; retry in 1 s`,
        { retryAfterSeconds: 1 },
      );
    }
    // The audit event is written before the install's secrets leave for the runner.
    emit({ audit: 'ext.call', requestId: state.requestId, ...state.subject! }, audit);
    const started = performance.now();
    let answer;
    try {
      answer = await runner.execute(execute, body, idempotencyKey === undefined ? {} : { idempotencyKey });
    } finally {
      releaseInFlight();
      state.runnerMs = performance.now() - started;
    }
    const mapped = mapRunnerAnswer(answer);
    if (mapped.kind === 'refusal') {
      Object.assign(state.headers, mapped.headers);
      state.outcome = mapped.error.code;
      return refusalAnswer(mapped.error, mapped.status, state);
    }
    return { status: mapped.status, headers: { ...state.headers, ...mapped.headers }, body: mapped.body };
  }

  function refusalAnswer(error: ErrorEnvelope, status: number, state: CallState): ExtAnswer {
    return {
      status,
      headers: { ...state.headers, 'content-type': JSON_TYPE, 'cache-control': 'no-store' },
      body: JSON.stringify({ error: { ...error, requestId: state.requestId } }),
      ...(error.code === 'payload_too_large' ? { closeConnection: true } : {}),
    };
  }

  async function exchange(exchange: ExtExchange, audit?: AuditSink): Promise<ExtAnswer> {
    const started = performance.now();
    const requestId = exchange.requestId ?? mintRequestId();
    const origin = exchange.header('origin');
    if (exchange.method === 'OPTIONS') {
      return {
        status: 204,
        headers: { ...preflightHeaders(origin, corsOrigins), [HEADER.requestId]: requestId },
        body: '',
      };
    }
    const state: CallState = { requestId, headers: { [HEADER.requestId]: requestId } };
    applyCors(origin, corsOrigins, state.headers);
    let answer: ExtAnswer;
    let outcome: string;
    try {
      answer = await forward(exchange, state, audit);
      outcome = state.outcome ?? 'ok';
    } catch (error) {
      let refusal: HostServerError;
      if (error instanceof HostServerError) refusal = error;
      else {
        onUnexpectedError(error, requestId);
        refusal = new HostServerError('internal', 'the gateway failed to handle this call; its logs have the details');
      }
      outcome = refusal.code;
      const envelope = refusal.toEnvelope(requestId);
      answer = refusalAnswer(envelope, envelope.status ?? 500, state);
    }
    emit(
      {
        audit: 'ext.result',
        requestId,
        method: exchange.method,
        url: exchange.url,
        ...(exchange.remoteAddress === undefined ? {} : { remoteAddress: exchange.remoteAddress }),
        ...state.subject,
        status: answer.status,
        outcome,
        durationMs: performance.now() - started,
        ...(state.runnerMs === undefined ? {} : { runnerMs: state.runnerMs }),
      },
      audit,
    );
    return answer;
  }

  return {
    basePath,
    owns: (url) => url === basePath || url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`),
    exchange,
    handle: webHandler(exchange),
    close: () => runner.close(),
  };
}
