import { PublisherCreate, parseOrError, type PublisherCreated, type PublisherView } from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { authenticateAdmin } from '../admin-credential.js';
import { GatewayError } from '../errors.js';
import type { Registry } from '../registry.js';
import type { Publisher } from '../state/publisher-store.js';

export interface PublisherRouteOptions {
  registry: Registry;
  adminToken: string | undefined;
}

/** Publisher credentials are the platform's to hand out: a tenant admin or a publisher cannot mint one. */
async function requirePlatform(request: FastifyRequest, options: PublisherRouteOptions): Promise<void> {
  if ((await authenticateAdmin(request, options)).kind !== 'platform') {
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
    await requirePlatform(request, options);
    const parsed = parseOrError(PublisherCreate, request.body, { label: 'publisher' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const { publisher, token } = await publishers.create(parsed.value.name, parsed.value.extensions);
    request.log.info(
      { audit: 'publisher.create', publisherId: publisher.id, extensions: publisher.extensions },
      'publisher credential minted',
    );
    reply.code(201).header('cache-control', 'no-store');
    return { publisher: publisherView(publisher), token };
  });

  app.get('/api/admin/publishers', async (request) => {
    await requirePlatform(request, options);
    return { publishers: (await publishers.list()).map(publisherView) };
  });

  app.delete<{ Params: { id: string } }>('/api/admin/publishers/:id', async (request, reply) => {
    await requirePlatform(request, options);
    if (!(await publishers.delete(request.params.id))) {
      throw new GatewayError('not_found', `no publisher ${request.params.id}`);
    }
    request.log.info({ audit: 'publisher.delete', publisherId: request.params.id }, 'publisher credential revoked');
    reply.code(204);
  });
};

function publisherView(publisher: Publisher): PublisherView {
  return { id: publisher.id, name: publisher.name, extensions: publisher.extensions, createdAt: publisher.createdAt };
}
