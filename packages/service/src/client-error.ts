import { STATUS_CODES, maxHeaderSize, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorEnvelope, type ErrorCode } from '@extsys/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { HttpTimeouts } from './http-timeouts.js';
import { mintRequestId, rememberedRequestId } from './request-ids.js';

/** What Node hands a server's `clientError` listener: a parser refusal or a request timeout. */
export interface ClientError extends Error {
  code?: string;
  /** llhttp's reason ("Invalid header token"): fixed text, never the client's bytes. */
  reason?: unknown;
}

/** Node's own socket field for the response in progress on it (what Node's default handler checks too). */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

function classify(
  error: ClientError,
  timeouts: HttpTimeouts,
): { code: ErrorCode; message: string; logMessage: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      code: 'request_timeout',
      message:
        `the request did not arrive in time: its headers must arrive within ${timeouts.headersTimeoutMs} ms ` +
        `and the whole request within ${timeouts.requestTimeoutMs} ms; the connection is closed, send it again`,
      logMessage: 'request cut: not received in time',
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      code: 'headers_too_large',
      message:
        `the request line and headers are over the ${maxHeaderSize}-byte limit; ` +
        'send a shorter URL (put large data in the body) or fewer, smaller headers',
      logMessage: 'request refused: headers too large',
    };
  }
  const reason = typeof error.reason === 'string' && error.reason.length <= 200 ? error.reason : error.code;
  return {
    code: 'bad_request',
    message: `the request is not valid HTTP/1.1 (${reason ?? 'unparsable'}); it was refused before routing and the connection is closed`,
    logMessage: 'request refused: not valid HTTP/1.1',
  };
}

/**
 * Fastify's `clientErrorHandler`: a request Node refuses before Fastify sees it (a parser error, a
 * request line and headers over the limit, a request past its deadline) answers the protocol's
 * `{error}` envelope with a stable code and a request id, like every other refusal, instead of
 * Node/Fastify's `{"error":"Bad Request","message":"Client Error"}` — then the connection is closed,
 * since the parser cannot tell where the next request would start.
 *
 * Never logs the raw packet Node attaches to the error: it holds the client's headers, credentials
 * included.
 */
export function clientErrorHandler(
  timeouts: HttpTimeouts,
): (this: { log: FastifyBaseLogger }, error: ClientError, socket: Socket) => void {
  // Fastify calls it with `this` bound to the server's instance: its logger.
  return function onClientError(error, socket) {
    // A reset connection, or one already closed: nobody is left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const inFlight = (socket as HttpSocket)._httpMessage ?? undefined;
    // A body that stopped arriving belongs to a request Fastify already named: keep its id.
    const requestId = (inFlight?.req ? rememberedRequestId(inFlight.req) : undefined) ?? mintRequestId();
    const { code, message, logMessage } = classify(error, timeouts);
    const envelope = errorEnvelope(code, message, { requestId });
    this.log.info(
      { requestId, code, clientError: error.code, remoteAddress: socket.remoteAddress, status: envelope.status },
      logMessage,
    );
    // Once the route's answer has started, a second status line would corrupt it: only close.
    if (socket.writable && !inFlight?.headersSent) {
      const body = JSON.stringify({ error: envelope });
      const status = envelope.status ?? 400;
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
          'content-type: application/json; charset=utf-8\r\n' +
          `content-length: ${Buffer.byteLength(body)}\r\n` +
          `x-request-id: ${requestId}\r\n` +
          'x-content-type-options: nosniff\r\n' +
          'cache-control: no-store\r\n' +
          'connection: close\r\n' +
          '\r\n' +
          body,
      );
    }
    socket.destroy();
  };
}
