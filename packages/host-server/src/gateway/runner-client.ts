import {
  EXECUTE_FRAME_CONTENT_TYPE,
  HEADER,
  SERVICE_AUTH_SCHEME,
  encodeFrame,
  type ExecuteRequest,
} from '@extsys/protocol';
import { Pool, errors as undiciErrors } from 'undici';
import { HostServerError } from '../errors.js';

export interface RunnerAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  /** The runner answered from an earlier call with the same idempotency key (it did not run again). */
  replayed: boolean;
}

/** Extra time the gateway waits past the shared deadline, so the runner's own `timeout` answer wins. */
const DEADLINE_MARGIN_MS = 1500;

/** The gateway's pooled keep-alive client to the runner's `POST /v1/execute`. */
export class RunnerClient {
  private readonly pool: Pool;
  private readonly authorization: string;

  constructor(
    private readonly baseUrl: string,
    serviceToken: string,
  ) {
    this.authorization = `${SERVICE_AUTH_SCHEME} ${serviceToken}`;
    this.pool = new Pool(baseUrl, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000, connectTimeout: 2000 });
  }

  /**
   * One `POST /v1/execute`. Uses undici's dispatcher interface directly: the answer is small and read
   * whole, so the stream and body-mixin layers of `request()` are only per-call cost here.
   */
  execute(request: ExecuteRequest, body: Uint8Array, headers: { idempotencyKey?: string }): Promise<RunnerAnswer> {
    const timeoutMs = request.limits.timeoutMs + DEADLINE_MARGIN_MS;
    const requestHeaders: Record<string, string> = {
      'content-type': EXECUTE_FRAME_CONTENT_TYPE,
      authorization: this.authorization,
      'x-request-id': request.context.requestId,
    };
    if (headers.idempotencyKey) requestHeaders['idempotency-key'] = headers.idempotencyKey;
    return new Promise<RunnerAnswer>((resolve, reject) => {
      let status = 0;
      let contentType = '';
      let replayed = false;
      const chunks: Buffer[] = [];
      const fail = (error: unknown) => {
        if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
          reject(new HostServerError('timeout', `the runner did not answer within ${request.limits.timeoutMs} ms`));
        } else {
          reject(
            new HostServerError('runner_unavailable', `the runner at ${this.baseUrl} cannot be reached; retry shortly`),
          );
        }
      };
      try {
        this.pool.dispatch(
          {
            path: '/v1/execute',
            method: 'POST',
            headers: requestHeaders,
            body: encodeFrame(request, body),
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          {
            onRequestStart() {},
            onResponseStart(_controller, statusCode, responseHeaders) {
              status = statusCode;
              const type = responseHeaders['content-type'];
              contentType = type === undefined ? '' : String(type);
              replayed = responseHeaders[HEADER.idempotentReplayed] === 'true';
            },
            onResponseData(_controller, chunk) {
              chunks.push(chunk);
            },
            onResponseEnd() {
              resolve({
                status,
                contentType,
                replayed,
                body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
              });
            },
            onResponseError(_controller, error) {
              fail(error);
            },
          },
        );
      } catch (error) {
        fail(error);
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
