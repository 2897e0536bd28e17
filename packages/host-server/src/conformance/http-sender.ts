import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { ConformanceRequest, ConformanceResponse, ConformanceSender } from './target.js';

/** The size of each chunk of a body sent with `transfer-encoding: chunked`. */
const CHUNK_BYTES = 1024;

/**
 * A sender to a host listening at `baseUrl` (`http://127.0.0.1:8081`), over `node:http` on a fresh
 * connection per request: unlike `fetch`, it sends hop-by-hop headers (`connection`, `keep-alive`,
 * `te`, `upgrade`, ...) as given, which the header-smuggling cases need.
 */
export function httpSender(baseUrl: string, options: { timeoutMs?: number } = {}): ConformanceSender {
  const base = new URL(baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (request: ConformanceRequest) =>
    new Promise<ConformanceResponse>((resolve, reject) => {
      const headers: Record<string, string> = { ...request.headers };
      const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
      const chunked = headers['transfer-encoding']?.toLowerCase() === 'chunked';
      if (body !== undefined && !chunked && headers['content-length'] === undefined) {
        headers['content-length'] = String(body.byteLength);
      }
      let answered: ConformanceResponse | undefined;
      const req = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: request.method,
          path: request.path,
          headers,
          agent: false,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          answered = { status: res.statusCode ?? 0, headers: flatten(res.headers), body: new Uint8Array(0) };
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ ...answered!, body: new Uint8Array(Buffer.concat(chunks)) }));
          res.on('error', (error) => reject(error));
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer to ${request.method} ${request.path} in ${timeoutMs} ms`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A host that refuses a body it will not read may close the connection while the rest of
        // the body is still being written: the answer it sent first is what counts.
        if (answered && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) resolve(answered);
        else reject(error);
      });
      if (body !== undefined && chunked) {
        for (let at = 0; at < body.byteLength; at += CHUNK_BYTES) req.write(body.subarray(at, at + CHUNK_BYTES));
        req.end();
      } else req.end(body);
    });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
