import type { FastifyPluginAsync } from 'fastify';
import type { BundleCache } from '../bundles/cache.js';
import type { BundleStore } from '../bundles/store.js';

/** `/healthz`: the process answers. `/readyz`: the bundle store is reachable and the cache writable. */
export const healthRoutes: FastifyPluginAsync<{ store: BundleStore; cache: BundleCache }> = async (
  app,
  { store, cache },
) => {
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = {};
    for (const [name, check] of [
      ['bundleStore', () => store.check()],
      ['cache', () => cache.checkWritable()],
    ] as const) {
      checks[name] = await check().then(
        () => 'ok',
        (error: Error) => error.message,
      );
    }
    const ready = Object.values(checks).every((value) => value === 'ok');
    reply.header('cache-control', 'no-store').code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks, cachedBundles: cache.size, cacheBytes: cache.totalBytes };
  });
};
