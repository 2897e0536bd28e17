import {
  BuildStatusReport,
  DEV_API,
  FrameEventReport,
  parseOrError,
  type DevEvent,
  type DevStreamReady,
} from '@extsys/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { DevEventHub } from '../dev-events.js';
import { GatewayError } from '../errors.js';
import type { Registry } from '../registry.js';
import { requireAdmin } from './admin.js';
import { requireUser } from './sessions.js';

export interface DevEventRoutesOptions {
  registry: Registry;
  adminToken: string | undefined;
  /** Undefined when `GATEWAY_DEV_EVENTS` is off: the stream answers 204, the dev calls 404. */
  hub: DevEventHub | undefined;
}

/** An SSE comment this often keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

const sse = (event: DevEvent | { type: 'ready'; data: DevStreamReady }) =>
  `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;

/**
 * The development-only routes of `extsys dev` (on with `GATEWAY_DEV_EVENTS=true`):
 *
 * - `GET /api/dev/events` (session): a Server-Sent Events stream for the user's tenant — `ready`
 *   once, then `installs` (an install of the tenant changed) and `build` (the author's build failed
 *   or recovered; failing builds are replayed on connect). Off: 204, which tells an EventSource to
 *   stop for good, so the host page needs no other way to learn whether dev mode is on.
 * - `POST /api/dev/build-status` (the platform admin token): `{extensionId, ok, message?}` from the CLI.
 * - `POST /api/dev/frame-events` (session): the host page reports its frame's connection events,
 *   which are logged (`audit: "dev.frame"`) for the CLI to print.
 *
 * Every body and event is a schema of `@extsys/protocol` (gateway/dev-events.ts).
 */
export const devEventRoutes: FastifyPluginAsync<DevEventRoutesOptions> = async (app, options) => {
  const { hub, registry } = options;
  const streams = new Set<() => void>();

  app.get(DEV_API.events, async (request, reply) => {
    if (!hub) return reply.code(204).header('cache-control', 'no-store').send();
    const user = await requireUser(request, registry);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      // Never reused: once the stream ends, the socket goes too (an idle keep-alive socket left
      // behind would hold the server's close until its keep-alive timeout).
      connection: 'close',
    });
    response.write(sse({ type: 'ready', data: { tenantId: user.tenantId } }));
    for (const failed of hub.failing()) response.write(sse({ type: 'build', data: failed }));
    const unsubscribe = hub.subscribe(user.tenantId, (event) => response.write(sse(event)));
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
      response.end();
    };
    streams.add(end);
    response.once('close', end);
    request.log.info({ audit: 'dev.events', tenantId: user.tenantId, userId: user.id }, 'dev event stream opened');
  });

  // Open streams would hold the server's close: end them first.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  if (!hub) return;

  app.post(DEV_API.buildStatus, async (request) => {
    if ((await requireAdmin(request, { registry, adminToken: options.adminToken })).kind !== 'platform') {
      throw new GatewayError('forbidden', 'only the platform admin (ADMIN_TOKEN) reports build status');
    }
    const parsed = parseOrError(BuildStatusReport, request.body, { label: 'build status' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    hub.buildStatus({ ...parsed.value, at: new Date().toISOString() });
    return { ok: true, subscribers: hub.subscribers };
  });

  app.post(DEV_API.frameEvents, async (request) => {
    const user = await requireUser(request, registry);
    const parsed = parseOrError(FrameEventReport, request.body, { label: 'frame event' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const { extensionId, event, code, message } = parsed.value;
    request.log.info(
      { audit: 'dev.frame', tenantId: user.tenantId, userId: user.id, extensionId, event, code, detail: message },
      `frame ${event}`,
    );
    return { ok: true };
  });
};
