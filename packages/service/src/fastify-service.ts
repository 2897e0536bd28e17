import { RequestId, errorEnvelope, type ErrorCode, type ErrorEnvelope } from '@extsys/protocol';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { nanoid } from 'nanoid';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServiceOptions {
  /** The service's name in the message of an unexpected failure ("The runner failed..."). */
  name: string;
  logLevel: LogLevel;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void } | undefined;
  /** Requests whose request/response log lines the service writes itself (the gateway's audit lines). */
  disableRequestLogging?: (request: FastifyRequest) => boolean;
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

/**
 * The Fastify options every extsys service starts from: JSON logs with credentials redacted, and a
 * caller's well-formed `x-request-id` kept so one id follows a call through host, gateway and runner.
 */
export function serviceFastifyOptions(
  options: Pick<ServiceOptions, 'logLevel' | 'logStream' | 'disableRequestLogging'>,
) {
  return {
    logger: {
      level: options.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && RequestId.safeParse(header).success ? header : `req_${nanoid(16)}`;
    },
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: options.disableRequestLogging ?? false,
    }),
    return503OnClosing: true,
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
  });
  app.setErrorHandler((error: Error & { code?: string }, request, reply) => {
    let envelope = options.toEnvelope(error, request.id) ?? frameworkEnvelope(error, request.id);
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
