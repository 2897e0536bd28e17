import { readWebBody } from './request-body.js';
import type { ExtAnswer, ExtExchange, HandleContext } from './exchange.js';

/** Statuses whose answers have no body. */
const NO_BODY = new Set([204, 304]);

/** `handle(request)`: the pipeline over a web `Request`, answering a web `Response`. */
export function webHandler(
  exchange: (exchange: ExtExchange) => Promise<ExtAnswer>,
): (request: Request, context?: HandleContext) => Promise<Response> {
  return async (request, context = {}) => {
    const url = new URL(request.url);
    const { requestId, remoteAddress } = context;
    const answer = await exchange({
      method: request.method,
      url: url.pathname + url.search,
      header: (name) => request.headers.get(name) ?? undefined,
      body: (maxBytes) => readWebBody(request, maxBytes),
      ...(typeof requestId === 'string' ? { requestId } : {}),
      ...(typeof remoteAddress === 'string' ? { remoteAddress } : {}),
    });
    const headers = new Headers(answer.headers);
    if (answer.closeConnection) headers.set('connection', 'close');
    const body = NO_BODY.has(answer.status) || request.method === 'HEAD' ? null : (answer.body as BodyInit);
    return new Response(body, { status: answer.status, headers });
  };
}
