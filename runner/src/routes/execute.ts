import { createHash } from 'node:crypto';
import {
  EXECUTE_FRAME_CONTENT_TYPE,
  EXECUTE_LIMITS,
  ExecuteRequest,
  HEADER,
  IdempotencyKey,
  MAX_FRAME_HEADER_BYTES,
  decodeFrame,
  encodeFrame,
  parseOrError,
} from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { BundleCache } from '../bundles/cache.js';
import type { Engine, Executed, Settlement } from '../engine/engine.js';
import type { IdempotentCalls, StoredAnswer } from '../state/idempotency.js';
import { secretMasker } from '../engine/secret-mask.js';
import type { EventRing } from '../events/event-ring.js';
import { invocationEvent, type InvocationOutcome } from '../events/invocation-event.js';
import { RunnerError } from '../errors.js';
import { bearerCredentialCheck } from '../bearer-credential.js';
import type { RunnerMetrics } from '../metrics.js';

export interface ExecuteRouteOptions {
  engine: Engine;
  cache: BundleCache;
  idempotency: IdempotentCalls;
  metrics: RunnerMetrics;
  /** Where every call's invocation event is published (GET /v1/events reads it). */
  events: EventRing;
  /** When undefined, execution is disabled and every call is refused. */
  serviceToken: string | undefined;
}

/** `Authorization: Bearer <RUNNER_SERVICE_TOKEN>` (see bearer-credential.ts). */
function checkServiceAuth(
  request: FastifyRequest,
  presentsCredential: ((header: string | undefined) => boolean) | undefined,
): void {
  if (!presentsCredential) {
    throw new RunnerError(
      'service_auth_invalid',
      'execution is disabled on this runner: RUNNER_SERVICE_TOKEN is not set',
    );
  }
  if (!presentsCredential(request.headers.authorization)) {
    throw new RunnerError(
      'service_auth_invalid',
      'POST /v1/execute needs the gateway service credential (Authorization: Bearer ...)',
    );
  }
}

/** `POST /v1/execute`: the gateway's call to run a handler (framed body, see @extsys/protocol/execute). */
export const executeRoutes: FastifyPluginAsync<ExecuteRouteOptions> = async (app, options) => {
  const presentsCredential =
    options.serviceToken === undefined ? undefined : bearerCredentialCheck(options.serviceToken);
  app.addContentTypeParser(
    EXECUTE_FRAME_CONTENT_TYPE,
    { parseAs: 'buffer', bodyLimit: EXECUTE_LIMITS.maxRequestBodyBytes + MAX_FRAME_HEADER_BYTES },
    (_request, body, done) => done(null, body),
  );

  // The credential is checked before the body is read: an unauthenticated caller cannot make the
  // runner buffer megabytes.
  app.post(
    '/v1/execute',
    { onRequest: async (request) => checkServiceAuth(request, presentsCredential) },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new RunnerError(
          'unsupported_media_type',
          `POST /v1/execute takes Content-Type: ${EXECUTE_FRAME_CONTENT_TYPE}`,
        );
      }
      const started = performance.now();
      const frame = decodeFrame(request.body);
      if (!frame.ok) throw new RunnerError('bad_request', `the request frame is invalid: ${frame.problem}`);
      const parsed = parseOrError(ExecuteRequest, frame.header, { label: 'execute request', requestId: request.id });
      if (!parsed.ok) throw new RunnerError(parsed.error.code, parsed.error.message, parsed.error.details);
      const execute = parsed.value;

      // A handler may log a secret it read (by mistake or not): every install secret, plain or in a
      // common encoding, is masked in its log lines and error text, in the runner's log, in the logs
      // returned to the gateway and in the invocation event (a courtesy, not a boundary: see
      // secret-mask.ts).
      const maskSecrets = secretMasker(Object.values(execute.secrets));
      let invocation: InvocationOutcome | undefined;

      // How an answer the handler produced is told to the gateway (and stored, with a key).
      const answerOf = (executed: Executed): StoredAnswer => {
        const { response, body } = executed;
        invocation = {
          kind: 'answered',
          status: response.status,
          logs: response.logs,
          logsTruncated: response.logsTruncated,
        };
        for (const entry of response.logs) {
          entry.message = maskSecrets(entry.message);
          request.log.info(
            { tenantId: execute.context.tenantId, extensionId: execute.context.extensionId, level: entry.level },
            `handler: ${entry.message}`,
          );
        }
        return { status: 200, contentType: EXECUTE_FRAME_CONTENT_TYPE, body: encodeFrame(response, body) };
      };
      const produce = async (remember?: Settlement['remember']): Promise<StoredAnswer> => {
        const bundle = await options.cache.get(execute.context.contentHash);
        return options.engine.execute(execute, frame.body, bundle, { answer: answerOf, remember });
      };

      let outcome = 'ok';
      try {
        const keyHeader = request.headers[HEADER.idempotencyKey];
        let answer: StoredAnswer & { replayed?: boolean };
        if (typeof keyHeader === 'string') {
          if (!IdempotencyKey.safeParse(keyHeader).success) {
            throw new RunnerError('bad_request', 'Idempotency-Key must be 1-128 letters, digits, ".", "_", ":" or "-"');
          }
          // What the call asks for, not how it was delivered: a retry gets a new request id.
          const fingerprint = createHash('sha256')
            .update(
              JSON.stringify([
                execute.context.contentHash,
                execute.route,
                execute.http.method,
                execute.http.path,
                execute.http.query,
              ]),
            )
            .update(frame.body)
            .digest('base64url');
          answer = await options.idempotency.run(
            // Scoped to the caller too: one user's stored answer is never another user's replay.
            {
              tenantId: execute.context.tenantId,
              extensionId: `${execute.context.extensionId}\u0000${execute.context.installId}\u0000${execute.user?.id ?? ''}`,
              key: keyHeader,
            },
            fingerprint,
            produce,
          );
          if (answer.replayed) {
            reply.header(HEADER.idempotentReplayed, 'true');
            invocation = { kind: 'replayed', answer };
          }
        } else {
          answer = await produce();
        }
        reply.code(answer.status).header('content-type', answer.contentType).header('cache-control', 'no-store');
        return reply.send(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength));
      } catch (error) {
        invocation = { kind: 'failed', error };
        outcome = error instanceof RunnerError ? error.code : 'internal';
        if (error instanceof RunnerError && error.logOnly) {
          request.log.warn(
            {
              tenantId: execute.context.tenantId,
              extensionId: execute.context.extensionId,
              // Masked as its log lines are: a thrown message may quote a secret as easily.
              handlerError: Object.fromEntries(
                Object.entries(error.logOnly).map(([key, value]) => [
                  key,
                  typeof value === 'string' ? maskSecrets(value) : value,
                ]),
              ),
            },
            'handler failed',
          );
        }
        if (error instanceof RunnerError && (error.code === 'overloaded' || error.code === 'tenant_busy')) {
          reply.header('retry-after', '1');
        }
        throw error;
      } finally {
        const durationMs = performance.now() - started;
        options.metrics.invocations.inc({ outcome });
        options.metrics.duration.observe(durationMs / 1000);
        if (invocation) {
          try {
            options.events.publish(invocationEvent(execute, invocation, durationMs, maskSecrets));
          } catch (error) {
            // The call's answer stands whatever happens to its event.
            request.log.error({ err: error }, 'the invocation event could not be published');
          }
        }
      }
    },
  );
};
