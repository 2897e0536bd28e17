import { createHash, timingSafeEqual } from 'node:crypto';
import type { SessionUser } from '@extsys/protocol';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from './errors.js';
import type { Publisher } from './state/publisher-store.js';
import type { Registry } from './registry.js';
import { sessionUser } from './routes/sessions.js';

/**
 * Who calls an administrative route (admin API, logs):
 * - `platform`: the `ADMIN_TOKEN` bearer — every tenant, every extension;
 * - `publisher`: a publisher credential bearer — its own extensions (publish, read their logs), in
 *   every tenant, and nothing else;
 * - `tenant`: a tenant administrator's session cookie — that tenant only.
 */
export type AdminCredential =
  | { kind: 'platform' }
  | { kind: 'publisher'; publisher: Publisher }
  | { kind: 'tenant'; tenantId: string; user: SessionUser };

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The caller's credential, or a refusal: 401 `unauthenticated` without one (or with a bearer that is
 * neither the admin token nor a publisher's), 403 `forbidden` for a session of a user who is not an
 * administrator.
 */
export async function authenticateAdmin(
  request: FastifyRequest,
  options: { registry: Registry; adminToken: string | undefined },
): Promise<AdminCredential> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (token && options.adminToken && timingSafeEqual(digest(token), digest(options.adminToken))) {
      return { kind: 'platform' };
    }
    const publisher = token ? await options.registry.publishers.byToken(token) : undefined;
    if (publisher) return { kind: 'publisher', publisher };
    throw new GatewayError(
      'unauthenticated',
      'the Authorization header holds neither the admin token nor a publisher credential (send "Bearer <token>"; a revoked publisher credential no longer works)',
    );
  }
  const user = await sessionUser(request, options.registry);
  if (!user) {
    throw new GatewayError(
      'unauthenticated',
      'this needs a credential: the admin token or a publisher credential as "Authorization: Bearer <token>", or a tenant administrator\'s session (POST /api/login)',
    );
  }
  if (!user.admin) {
    throw new GatewayError(
      'forbidden',
      `${user.displayName} is not an administrator of ${user.tenantName}; ask one of its administrators`,
    );
  }
  return { kind: 'tenant', tenantId: user.tenantId, user };
}
