import type { ConformanceRequest, ConformanceResponse, ConformanceSender } from './target.js';

/** A fetch-style handler: `gateway.handle`, a Next.js route handler, Hono's `app.fetch`, ... */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * A sender that calls a fetch-style handler with web `Request`s, the way a Next.js route handler
 * or any fetch-style server hands them over (no socket: headers arrive exactly as given). A body
 * sent `transfer-encoding: chunked` becomes a stream with no declared length.
 */
export function fetchHandlerSender(handler: FetchHandler, origin = 'http://host.conformance.test'): ConformanceSender {
  return async (request: ConformanceRequest): Promise<ConformanceResponse> => {
    const headers = new Headers(request.headers);
    const bytes = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
    let body: BodyInit | undefined;
    if (bytes !== undefined) {
      if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
        headers.delete('transfer-encoding');
        body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < bytes.byteLength; at += 1024) controller.enqueue(bytes.slice(at, at + 1024));
            controller.close();
          },
        });
      } else {
        if (!headers.has('content-length')) headers.set('content-length', String(bytes.byteLength));
        body = Uint8Array.from(bytes);
      }
    }
    const response = await handler(
      new Request(new URL(request.path, origin), {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body, duplex: 'half' }),
      }),
    );
    const answer: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answer[name] = value;
    });
    // set-cookie is the one header Headers keeps apart.
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) answer['set-cookie'] = cookies.join(', ');
    return { status: response.status, headers: answer, body: new Uint8Array(await response.arrayBuffer()) };
  };
}
