import { PublisherCreate, parseOrError, type PublisherCreated } from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { authenticateAdmin } from '../admin-credential.js';
import { GatewayError } from '../errors.js';
import { publisherView } from '../publishers.js';
import type { Registry } from '../registry.js';

export interface PublisherRouteOptions {
  registry: Registry;
  adminToken: string | undefined;
}

/** Publisher credentials are the platform's to hand out: a tenant admin or a publisher cannot mint one. */
function requirePlatform(request: FastifyRequest, options: PublisherRouteOptions): void {
  if (authenticateAdmin(request, options).kind !== 'platform') {
    throw new GatewayError('forbidden', 'only the platform admin (ADMIN_TOKEN) manages publisher credentials');
  }
}

/**
 * `POST /api/admin/publishers` mints a publisher credential for some extensions (ids or `com.acme.*`
 * patterns) and answers its token once; `GET` lists them (never a token); `DELETE .../{id}` revokes.
 */
export const publisherRoutes: FastifyPluginAsync<PublisherRouteOptions> = async (app, options) => {
  const { publishers } = options.registry;

  app.post('/api/admin/publishers', async (request, reply): Promise<PublisherCreated> => {
    requirePlatform(request, options);
    const parsed = parseOrError(PublisherCreate, request.body, { label: 'publisher' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const { publisher, token } = publishers.create(parsed.value.name, parsed.value.extensions);
    request.log.info(
      { audit: 'publisher.create', publisherId: publisher.id, extensions: publisher.extensions },
      'publisher credential minted',
    );
    reply.code(201).header('cache-control', 'no-store');
    return { publisher: publisherView(publisher), token };
  });

  app.get('/api/admin/publishers', async (request) => {
    requirePlatform(request, options);
    return { publishers: publishers.list().map(publisherView) };
  });

  app.delete<{ Params: { id: string } }>('/api/admin/publishers/:id', async (request, reply) => {
    requirePlatform(request, options);
    if (!publishers.delete(request.params.id)) {
      throw new GatewayError('not_found', `no publisher ${request.params.id}`);
    }
    request.log.info({ audit: 'publisher.delete', publisherId: request.params.id }, 'publisher credential revoked');
    reply.code(204);
  });
};
