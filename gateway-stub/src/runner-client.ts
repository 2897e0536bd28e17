import { EXECUTE_FRAME_CONTENT_TYPE, SERVICE_AUTH_SCHEME, encodeFrame, type ExecuteRequest } from '@extsys/protocol';
import { Pool, errors as undiciErrors } from 'undici';
import { GatewayError } from './errors.js';

export interface RunnerAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Extra time the gateway waits past the shared deadline, so the runner's own `timeout` answer wins. */
const DEADLINE_MARGIN_MS = 1500;

/** The gateway's pooled keep-alive client to the runner's `POST /v1/execute`. */
export class RunnerClient {
  private readonly pool: Pool;

  constructor(
    private readonly baseUrl: string,
    private readonly serviceToken: string,
  ) {
    this.pool = new Pool(baseUrl, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000, connectTimeout: 2000 });
  }

  async execute(
    request: ExecuteRequest,
    body: Uint8Array,
    headers: { idempotencyKey?: string },
  ): Promise<RunnerAnswer> {
    const timeoutMs = request.limits.timeoutMs + DEADLINE_MARGIN_MS;
    try {
      const response = await this.pool.request({
        path: '/v1/execute',
        method: 'POST',
        headers: {
          'content-type': EXECUTE_FRAME_CONTENT_TYPE,
          authorization: `${SERVICE_AUTH_SCHEME} ${this.serviceToken}`,
          'x-request-id': request.context.requestId,
          ...(headers.idempotencyKey ? { 'idempotency-key': headers.idempotencyKey } : {}),
        },
        body: encodeFrame(request, body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const answer = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body: answer };
    } catch (error) {
      if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
        throw new GatewayError('timeout', `the runner did not answer within ${request.limits.timeoutMs} ms`);
      }
      throw new GatewayError('runner_unavailable', `the runner at ${this.baseUrl} cannot be reached; retry shortly`);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
