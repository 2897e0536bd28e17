import type { IncomingMessage } from 'node:http';
import { HostServerError } from '../errors.js';
import { concat, tooLarge } from '../gateway/request-body.js';

/**
 * The body of a node:http request, at most `maxBytes`: refused by its declared length before a byte
 * is read, or as soon as it passes the cap (the rest is left unread; the answer closes the
 * connection). A body some middleware already read (Express's `express.raw()`) is taken from
 * `req.body`; one it parsed into something else is gone, which is a mounting mistake.
 */
export function readNodeBody(req: IncomingMessage & { body?: unknown }, maxBytes: number): Promise<Uint8Array> {
  const length = req.headers['content-length'];
  // HTTP/1.1: without a length or a chunked encoding there is no body (most GETs): no stream to wait on.
  if (length === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(NO_BODY);
  if (Number(length) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  if (req.readableEnded) {
    if (req.body instanceof Uint8Array) {
      return req.body.byteLength > maxBytes ? Promise.reject(tooLarge(maxBytes)) : Promise.resolve(req.body);
    }
    if (req.body === undefined || isEmptyObject(req.body)) return Promise.resolve(new Uint8Array(0));
    return Promise.reject(
      new HostServerError(
        'internal',
        'the request body was parsed before the extension gateway saw it: mount the gateway before body-parsing middleware (express.json(), express.urlencoded())',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new HostServerError('bad_request', `the request body could not be read: ${error.message}`));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const NO_BODY = new Uint8Array(0);

/** express.json() leaves `{}` on a request without a JSON body: nothing was lost. */
function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
