import { manifestTitle, type HostExtension, type HostExtensionList } from '@extsys/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from '../registry.js';
import { requireUser } from './sessions.js';

/**
 * `GET /api/extensions` (session): the logged-in user's tenant's enabled installs with what the host
 * page needs to mount each one (manifest `ui`, content hash, UI hash), sorted by title. Only the session's
 * tenant is ever read; disabled installs are not listed.
 */
export const hostExtensionRoutes: FastifyPluginAsync<{ registry: Registry; runnerBase: string }> = async (
  app,
  { registry, runnerBase },
) => {
  app.get('/api/extensions', async (request, reply): Promise<HostExtensionList> => {
    const user = await requireUser(request, registry);
    const extensions: HostExtension[] = [];
    for (const install of await registry.installs(user.tenantId)) {
      if (!install.enabled) continue;
      const version = await registry.version(install.extensionId, install.version);
      if (!version) continue; // an install always names a published version; defensive only
      const { manifest } = version;
      extensions.push({
        installId: install.id,
        extensionId: install.extensionId,
        title: manifestTitle(manifest),
        ...(manifest.description === undefined ? {} : { description: manifest.description }),
        publisher: manifest.publisher,
        version: install.version,
        contentHash: install.contentHash,
        uiHash: version.uiHash,
        ui: manifest.ui ?? null,
      });
    }
    extensions.sort((a, b) => a.title.localeCompare(b.title, 'en') || a.extensionId.localeCompare(b.extensionId));
    reply.header('cache-control', 'no-store');
    return { runnerBase, extensions };
  });
};
