import type { FastifyPluginAsync } from 'fastify';
import { bearerCredentialCheck } from '../bearer-credential.js';
import { RunnerError } from '../errors.js';
import type { RunnerMetrics } from '../metrics.js';

/**
 * `GET /metrics`: Prometheus text, only for a scraper presenting `Authorization: Bearer
 * <RUNNER_METRICS_TOKEN>` (Prometheus' `authorization` / `bearer_token` setting). The runner's
 * port also serves browsers (`/ext-ui/...`): without a token, call counts by outcome, error codes,
 * queue depth and worker restarts would be public. Without RUNNER_METRICS_TOKEN the route is off.
 */
export const metricsRoutes: FastifyPluginAsync<{ metrics: RunnerMetrics; metricsToken: string | undefined }> = async (
  app,
  { metrics, metricsToken },
) => {
  const presentsCredential = bearerCredentialCheck(metricsToken);
  app.get('/metrics', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (metricsToken === undefined) {
      throw new RunnerError('forbidden', 'metrics are off on this runner: set RUNNER_METRICS_TOKEN to scrape them');
    }
    if (!presentsCredential(request.headers.authorization)) {
      throw new RunnerError('unauthenticated', 'GET /metrics needs the metrics credential (Authorization: Bearer ...)');
    }
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
};
