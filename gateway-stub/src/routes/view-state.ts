import {
  ENTRY_DATA_LIMITS,
  HOST_VIEW_STATE_ROUTE,
  HostViewStateQuery,
  HostViewStateUpdate,
  entryPointsOf,
  jsonByteLength,
  manifestTitle,
  parseOrError,
  type HostViewStateAnswer,
  type SessionUser,
} from '@extsys/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { GatewayError } from '../errors.js';
import type { Install, Registry } from '../registry.js';
import type { ViewStateKey } from '../state/view-state-store.js';
import { requireUser } from './sessions.js';

const CAP = ENTRY_DATA_LIMITS.viewStateBytes;
/**
 * Room for a value at the cap plus the envelope (ids, route, version) and a client's own escaping
 * (`\u00e9` for `é`): a value over the cap inside it gets the clear 413 below, not the parser's.
 */
const BODY_LIMIT = 2 * CAP + 8 * 1024;

/** The user's tenant's install, else the refusal the other install routes answer. */
async function usersInstall(registry: Registry, user: SessionUser, installId: string): Promise<Install> {
  const install = await registry.install(installId);
  if (!install) throw new GatewayError('install_not_found', `no install ${installId}`);
  if (install.tenantId !== user.tenantId) {
    throw new GatewayError('tenant_mismatch', `install ${installId} belongs to another tenant than ${user.tenantName}`);
  }
  return install;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `value` over the cap, measured before the schema (whose refusal would be a plain 400). */
function refuseOversize(body: unknown): void {
  if (!isRecord(body) || !isRecord(body.state) || !('value' in body.state)) return;
  const bytes = jsonByteLength(body.state.value);
  if (bytes > CAP) {
    throw new GatewayError(
      'payload_too_large',
      `the view state's value is ${bytes} bytes as JSON; at most ${CAP} bytes are kept: store less (an id, not the record it names)`,
      { bytes, maxBytes: CAP },
    );
  }
}

/**
 * `GET /api/host/view-state?installId=&entryPoint=&route=` and `PUT /api/host/view-state` (session
 * cookie): the logged-in user's view state of one entry point of an install of their tenant, kept
 * in the registry's database. Per user: another user of the same tenant never reads it. The PUT is
 * refused cross-site (registered among the cookie-authenticated routes).
 */
export const viewStateRoutes: FastifyPluginAsync<{ registry: Registry }> = async (app, { registry }) => {
  const keyOf = (user: SessionUser, key: { installId: string; entryPoint: string; route?: string | undefined }) =>
    ({
      userId: user.id,
      tenantId: user.tenantId,
      installId: key.installId,
      entryPoint: key.entryPoint,
      route: key.route ?? '',
    }) satisfies ViewStateKey;

  app.get(HOST_VIEW_STATE_ROUTE, async (request, reply): Promise<HostViewStateAnswer> => {
    const user = await requireUser(request, registry);
    const query = { ...(request.query as Record<string, unknown>) };
    if (query.route === '') delete query.route;
    const parsed = parseOrError(HostViewStateQuery, query, { label: 'view state query' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    await usersInstall(registry, user, parsed.value.installId);
    reply.header('cache-control', 'no-store');
    return { state: (await registry.viewStates.get(keyOf(user, parsed.value))) ?? null };
  });

  app.put(HOST_VIEW_STATE_ROUTE, { bodyLimit: BODY_LIMIT }, async (request, reply): Promise<HostViewStateAnswer> => {
    const user = await requireUser(request, registry);
    refuseOversize(request.body);
    const parsed = parseOrError(HostViewStateUpdate, request.body, { label: 'view state' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const { state, ...key } = parsed.value;
    const install = await usersInstall(registry, user, key.installId);
    if (state !== null) {
      // Only the install's own entry points hold state (clearing one an upgrade removed still works).
      const version = await registry.version(install.extensionId, install.version);
      const ids = version?.manifest.ui
        ? entryPointsOf(version.manifest.ui, manifestTitle(version.manifest)).map((point) => point.id)
        : [];
      if (!ids.includes(key.entryPoint)) {
        throw new GatewayError(
          'validation_failed',
          `entryPoint: ${install.extensionId} ${install.version} has no entry point "${key.entryPoint}"${ids.length > 0 ? ` (it has ${ids.map((id) => `"${id}"`).join(', ')})` : ' (it has no UI)'}`,
        );
      }
    }
    await registry.viewStates.set(keyOf(user, key), state);
    reply.header('cache-control', 'no-store');
    return { state };
  });
};
