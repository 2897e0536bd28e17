import type {} from '@fastify/cookie'; // its declarations add request.cookies / reply.setCookie
import { LoginRequest, parseOrError, type SessionState, type SessionUser } from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.js';
import type { Registry } from '../registry.js';
import { findUser } from '../users.js';

export const SESSION_COOKIE = 'extsys_session';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** The logged-in user of a request (cookie session), or undefined. */
export function sessionUser(request: FastifyRequest, registry: Registry): SessionUser | undefined {
  const id = request.cookies[SESSION_COOKIE];
  const userId = id ? registry.sessionUser(id) : undefined;
  return userId ? findUser(userId) : undefined;
}

export function requireUser(request: FastifyRequest, registry: Registry): SessionUser {
  const user = sessionUser(request, registry);
  if (!user) throw new GatewayError('unauthenticated', 'log in first (POST /api/login)');
  return user;
}

/** Demo login as a seeded user: a server-side session behind an HttpOnly, SameSite=Lax cookie. */
export const sessionRoutes: FastifyPluginAsync<{
  registry: Registry;
  secureCookies: boolean;
  demoPassword: string;
}> = async (app, { registry, secureCookies, demoPassword }) => {
  app.post('/api/login', async (request, reply) => {
    const parsed = parseOrError(LoginRequest, request.body, { label: 'login' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const user = findUser(parsed.value.userId);
    if (!user || parsed.value.password !== demoPassword) {
      throw new GatewayError('unauthenticated', 'unknown user or wrong password');
    }
    const id = registry.createSession(user.id, SESSION_TTL_MS);
    reply.setCookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return { user };
  });

  app.post('/api/logout', async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) registry.deleteSession(id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/me', async (request) => ({ user: requireUser(request, registry) }));

  // What a page asks on load: answered 200 whether or not someone is logged in.
  app.get('/api/session', async (request, reply): Promise<SessionState> => {
    reply.header('cache-control', 'no-store');
    return { user: sessionUser(request, registry) ?? null };
  });
};
