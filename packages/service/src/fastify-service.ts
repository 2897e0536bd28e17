import { RequestId, errorEnvelope, type ErrorCode, type ErrorEnvelope } from '@extsys/protocol';
import {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { clientErrorHandler } from './client-error.js';
import { isDraining } from './graceful-close.js';
import { httpTimeoutOptions, type HttpTimeouts } from './http-timeouts.js';
import { mintRequestId, rememberRequestId } from './request-ids.js';
import type { LogLevel } from './env-values.js';

/** What `trustRequestId` sees: the raw request, before routing, hooks or body parsing. */
export interface RawServiceRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

export interface ServiceOptions {
  /** The service's name in the message of an unexpected failure ("The runner failed..."). */
  name: string;
  logLevel: LogLevel;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void } | undefined;
  /** Requests whose request/response log lines the service writes itself (the gateway's audit lines). */
  disableRequestLogging?: (request: FastifyRequest) => boolean;
  /**
   * Whether a caller's well-formed `x-request-id` becomes the request's id (its log lines, its
   * `x-request-id` answer header, its error envelopes). Trust only callers that are themselves
   * extsys services (the runner trusts the gateway's authenticated `/v1/execute` calls); anything a
   * browser or an extension can reach mints its own id, or a caller could choose the id its call is
   * audited under and collide with other tenants' calls. An id that is not trusted is still logged,
   * as `clientRequestId`, on every line of the request. Required: each service decides.
   */
  trustRequestId: boolean | ((request: RawServiceRequest) => boolean);
  /**
   * How long a client may take to send a request, and how long an idle connection is kept (see
   * http-timeouts.ts). Required: each service reads them from its configuration.
   */
  httpTimeouts: HttpTimeouts;
  /** Turns the service's own errors into envelopes; anything else is a logged `internal` 500. */
  toEnvelope: (error: Error, requestId: string) => ErrorEnvelope | undefined;
}

/** Fastify's own refusals, raised before or around a route, as protocol codes. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_BAD_URL: 'path_invalid',
};

function frameworkEnvelope(error: Error & { code?: string }, requestId: string): ErrorEnvelope | undefined {
  const code = error.code === undefined ? undefined : FRAMEWORK_CODES[error.code];
  if (code === undefined) return undefined;
  const message =
    code === 'path_invalid'
      ? 'the URL path has a malformed percent-encoding'
      : `the request was refused: ${error.message}`;
  return errorEnvelope(code, message, { requestId });
}

const REQUEST_ID_LABEL = 'requestId';

/** The request's `x-request-id` when it is one well-formed id, else undefined. */
function givenRequestId(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-request-id'];
  return typeof header === 'string' && RequestId.safeParse(header).success ? header : undefined;
}

/**
 * The Fastify options every extsys service starts from: JSON logs with credentials redacted,
 * request ids minted by the service — a caller's well-formed `x-request-id` is kept only where
 * `trustRequestId` says so (one id then follows a call from gateway to runner), and is otherwise
 * logged as `clientRequestId` next to the service's own id — deadlines for slow clients, and the
 * error envelope for requests Node refuses before Fastify sees them.
 */
export function serviceFastifyOptions(
  options: Pick<ServiceOptions, 'logLevel' | 'logStream' | 'disableRequestLogging' | 'trustRequestId' | 'httpTimeouts'>,
) {
  const { trustRequestId } = options;
  const trusts: (request: RawServiceRequest) => boolean =
    typeof trustRequestId === 'function' ? trustRequestId : () => trustRequestId;
  return {
    ...httpTimeoutOptions(options.httpTimeouts),
    clientErrorHandler: clientErrorHandler(options.httpTimeouts),
    logger: {
      level: options.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    genReqId: (request: RawServiceRequest) => {
      const given = givenRequestId(request.headers);
      const id = given !== undefined && trusts(request) ? given : mintRequestId();
      rememberRequestId(request, id);
      return id;
    },
    // Every line of a request (Fastify's "incoming request" included) carries the caller's own id
    // when it was well-formed but not adopted, so support can still find a call by the id a client
    // reported. Never one that is not well-formed: it is the caller's text, in the audit log.
    childLoggerFactory: (
      logger: FastifyBaseLogger,
      bindings: Record<string, unknown>,
      childOptions: Parameters<FastifyBaseLogger['child']>[1],
      request: RawServiceRequest,
    ): FastifyBaseLogger => {
      const given = givenRequestId(request.headers);
      return logger.child(
        given === undefined || given === bindings[REQUEST_ID_LABEL]
          ? bindings
          : { ...bindings, clientRequestId: given },
        childOptions,
      );
    },
    logController: new LogController({
      requestIdLogLabel: REQUEST_ID_LABEL,
      disableRequestLogging: options.disableRequestLogging ?? false,
    }),
    // A request that arrives while the service closes gets the `overloaded` envelope from
    // useErrorEnvelopes instead of Fastify's own 503 body (`{"error":"Service Unavailable"}`).
    return503OnClosing: false,
    // Errors Fastify raises before routing (a URL that does not decode, say) get the same envelope.
    frameworkErrors: (error: Error & { code?: string }, request: FastifyRequest, rawReply: unknown) => {
      const envelope =
        frameworkEnvelope(error, request.id) ??
        errorEnvelope('bad_request', `the request was refused: ${error.message}`, { requestId: request.id });
      void (rawReply as FastifyReply)
        .code(400)
        .header('x-request-id', request.id)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send({ error: envelope });
    },
  };
}

/**
 * Every answer carries its request id and `nosniff`; every refusal — the service's own, Fastify's,
 * an unknown route, an unexpected failure — is the protocol's `{error}` envelope, never cached.
 */
export function useErrorEnvelopes(app: FastifyInstance, options: Pick<ServiceOptions, 'name' | 'toEnvelope'>): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    // Draining (gracefulClose, on SIGTERM): the requests in flight finish, a new one is refused with
    // the envelope a client or a load balancer can act on — another replica answers it.
    if (isDraining(request.server.server)) {
      return reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', '1')
        .header('cache-control', 'no-store')
        .send({
          error: errorEnvelope(
            'overloaded',
            `the ${options.name} is shutting down: retry, another replica will answer`,
            {
              requestId: request.id,
            },
          ),
        });
    }
  });
  app.setErrorHandler((error: Error & { code?: string }, request, reply) => {
    let envelope = options.toEnvelope(error, request.id) ?? frameworkEnvelope(error, request.id);
    // The client went away (or was cut for sending too slowly) while its body was being read: not
    // the service's failure, and nobody is left to read an answer.
    if (envelope === undefined && error.code === 'ECONNRESET' && request.raw.destroyed) {
      request.log.info('the client connection closed before its request was read');
      envelope = errorEnvelope('aborted', 'the connection closed before the request was read', {
        requestId: request.id,
      });
    }
    if (envelope === undefined) {
      request.log.error({ err: error }, 'unexpected error');
      envelope = errorEnvelope(
        'internal',
        `The ${options.name} failed unexpectedly; see its log for this request id.`,
        {
          requestId: request.id,
        },
      );
    }
    return reply
      .code(envelope.status ?? 500)
      .header('cache-control', 'no-store')
      .send({ error: envelope });
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
}
