import {
  createExtensionGateway,
  type ExtensionGateway,
  type ExtensionTokens,
  type RateLimitStore,
} from '@extsys/host-server';
import type { FastifyBaseLogger } from 'fastify';
import type { GatewayConfig } from '../config.js';
import type { Registry } from '../registry.js';
import { servesSameUi } from '../same-ui.js';
import { findUser } from '../users.js';

/**
 * The `/api/ext` proxy: `@extsys/host-server`'s gateway over this host's registry (installs and the
 * versions' manifests in SQLite or PostgreSQL), its call rate limit (in memory, or in PostgreSQL across replicas), its seeded users and the settings of GATEWAY_* / EXT_*.
 */
export function createExtApi(
  config: GatewayConfig,
  registry: Registry,
  tokens: ExtensionTokens,
  rateLimit: RateLimitStore,
  log: () => FastifyBaseLogger,
): ExtensionGateway {
  return createExtensionGateway({
    runner: { url: config.runnerUrl, serviceCredential: config.runnerServiceToken },
    tokens,
    resolveInstall: async ({ tenantId, extensionId }) => {
      const install = await registry.installFor(tenantId, extensionId);
      if (!install) return undefined;
      const endpoints = (await registry.version(extensionId, install.version))?.manifest.api?.endpoints ?? [];
      return { ...install, endpoints };
    },
    acceptsContentHash: (install, tokenHash) => servesSameUi(registry, install, tokenHash),
    resolveUser: (userId) => {
      const user = findUser(userId);
      return user && { id: user.id, displayName: user.displayName, email: user.email };
    },
    limits: {
      timeoutMs: config.timeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      tenantMaxInFlight: config.tenantMaxInFlight,
    },
    rateLimit,
    cors: { origins: [config.runnerPublicOrigin, 'null'] },
    onUnexpectedError: (error, requestId) => log().error({ err: error, requestId }, 'extension call failed'),
  });
}

/**
 * Whether a request is an extension API call, which writes its own audit lines (`ext.call` before the
 * runner is called, `ext.result` once answered, refusals included) carrying what Fastify's
 * "incoming request" / "request completed" lines carry; the server turns those off for it.
 * Every method is the kit's under /api/ext (it refuses the ones no API uses); preflights keep
 * Fastify's lines.
 */
export function isExtApiCall(extApi: ExtensionGateway, request: { method: string; url: string }): boolean {
  return request.method !== 'OPTIONS' && extApi.owns(request.url);
}
