import { ExtTokenRequest, parseOrError, type ExtTokenResponse } from '@extsys/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { GatewayError } from '../errors.js';
import type { Registry } from '../registry.js';
import type { ExtensionTokens } from '@extsys/host-server';
import { requireUser } from './sessions.js';

/**
 * `POST /api/ext-token {extensionId}`: a short-lived token for the logged-in user's tenant's
 * install of that extension. `GET /.well-known/jwks.json`: the key that verifies it.
 */
export const extTokenRoutes: FastifyPluginAsync<{ registry: Registry; tokens: ExtensionTokens }> = async (
  app,
  { registry, tokens },
) => {
  app.post('/api/ext-token', async (request, reply): Promise<ExtTokenResponse> => {
    const user = await requireUser(request, registry);
    const parsed = parseOrError(ExtTokenRequest, request.body, { label: 'token request' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const install = await registry.installFor(user.tenantId, parsed.value.extensionId);
    if (!install?.enabled) {
      throw new GatewayError(
        'extension_not_available',
        `${parsed.value.extensionId} is not installed and enabled for ${user.tenantName}`,
      );
    }
    reply.header('cache-control', 'no-store');
    return tokens.mint({ user: user.id, tenant: user.tenantId, install });
  });

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return tokens.jwks();
  });
};
