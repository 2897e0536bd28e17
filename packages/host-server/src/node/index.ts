// `@extsys/host-server/node`: the extension gateway on node:http and Express.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditSink } from '../gateway/audit.js';
import type { ExtensionGateway } from '../gateway/extension-gateway.js';
import { headerOf } from './header-of.js';
import { readNodeBody } from './read-body.js';
import { writeAnswer } from './write-answer.js';

export { readNodeBody } from './read-body.js';

export interface NodeHandlerOptions {
  /** The id of a request in the host's own logs (default: the kit mints one per call). */
  requestId?: (req: IncomingMessage) => string | undefined;
  /** Audit events of the calls of this server, in addition to the gateway's `audit`. */
  audit?: AuditSink;
}

/**
 * A node:http request listener that is also Express middleware: calls under the gateway's base path
 * are answered; anything else goes to `next()` (Express) or is answered 404 (plain node:http).
 * Mount it before body-parsing middleware. Express's mount path is honoured (`req.originalUrl`).
 */
export function toNodeHandler(
  gateway: ExtensionGateway,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void {
  return (req, res, next) => {
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    if (!gateway.owns(url) && next) return next();
    const method = req.method ?? 'GET';
    const requestId = options.requestId?.(req);
    gateway
      .exchange(
        {
          method,
          url,
          header: (name) => headerOf(req.headers, name),
          body: (maxBytes) => readNodeBody(req, maxBytes),
          ...(requestId === undefined ? {} : { requestId }),
          ...(req.socket.remoteAddress === undefined ? {} : { remoteAddress: req.socket.remoteAddress }),
        },
        options.audit,
      )
      .then((answer) => writeAnswer(res, answer, method))
      .catch((error: unknown) => (next ? next(error) : res.destroy(error as Error)));
  };
}
