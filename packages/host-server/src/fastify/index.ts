// `@extsys/host-server/fastify`: the extension gateway as a Fastify plugin.
import type { FastifyPluginAsync } from 'fastify';
import type { AuditEvent } from '../gateway/audit.js';
import type { ExtensionGateway } from '../gateway/extension-gateway.js';
import { headerOf } from '../node/header-of.js';
import { readNodeBody } from '../node/read-body.js';

export interface ExtensionGatewayPluginOptions {
  gateway: ExtensionGateway;
  /**
   * Write each audit event as a line on the request's logger (`audit: "ext.call"` / `"ext.result"`,
   * with the request's id), default true. Turn Fastify's own request lines off for these routes
   * with `disableRequestLogging` if one pair per call is enough.
   */
  logAudit?: boolean;
}

const MESSAGES: Record<AuditEvent['audit'], string> = {
  'ext.call': 'extension call authorized',
  'ext.result': 'extension call finished',
};

/**
 * Registers `{basePath}/*` for every method Fastify routes (preflights included). Inside the plugin's scope
 * bodies are not parsed by Fastify: the gateway reads them, capped, once the call is authorized.
 * Register it without a prefix (the gateway's `basePath` is the route).
 */
export const extensionGatewayPlugin: FastifyPluginAsync<ExtensionGatewayPluginOptions> = async (app, options) => {
  const { gateway, logAudit = true } = options;
  app.removeAllContentTypeParsers();
  // Leaves the body unread: the gateway reads request.raw itself, after its checks.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.route({
    // Every method Fastify routes, so that a non-API one (TRACE, QUERY) is the gateway's
    // 405 method_not_allowed envelope as with the other adapters, not Fastify's own 404.
    method: app.supportedMethods,
    url: `${gateway.basePath}/*`,
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const answer = await gateway.exchange(
        {
          method: request.method,
          url: request.url,
          header: (name) => headerOf(request.headers, name),
          body: (maxBytes) => readNodeBody(request.raw, maxBytes),
          requestId: request.id,
          ...(request.socket.remoteAddress === undefined ? {} : { remoteAddress: request.socket.remoteAddress }),
        },
        logAudit ? ({ requestId: _bound, ...fields }) => request.log.info(fields, MESSAGES[fields.audit]) : undefined,
      );
      reply.code(answer.status).headers(answer.headers);
      if (answer.closeConnection) reply.header('connection', 'close');
      const { body } = answer;
      return reply.send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  });
};
