import { createHash, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie'; // its declarations add request.cookies / reply.setCookie
import { HEADER, LoginRequest, parseOrError, type SessionState, type SessionUser } from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.js';
import type { Registry } from '../registry.js';
import type { LoginAttemptStore } from '../state/login-attempt-store.js';
import { findUser } from '../users.js';

export const SESSION_COOKIE = 'extsys_session';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** Fixed-length digests, so that comparing them takes the same time whatever the lengths. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** The logged-in user of a request (cookie session), or undefined. */
export async function sessionUser(request: FastifyRequest, registry: Registry): Promise<SessionUser | undefined> {
  const id = request.cookies[SESSION_COOKIE];
  const userId = id ? await registry.sessionUser(id) : undefined;
  return userId ? findUser(userId) : undefined;
}

export async function requireUser(request: FastifyRequest, registry: Registry): Promise<SessionUser> {
  const user = await sessionUser(request, registry);
  if (!user) throw new GatewayError('unauthenticated', 'log in first (POST /api/login)');
  return user;
}

/**
 * Demo login as a seeded user: a server-side session behind an HttpOnly, SameSite=Lax cookie. The
 * password is compared in constant time (over SHA-256 digests, so its length does not show either),
 * and failed logins are limited per user id and per client address (429 `rate_limited` with
 * `Retry-After`; the password is not even checked while refused; login-attempt-store.ts). Login and logout from another
 * site are refused before they get here (same-site-guard.ts).
 */
export const sessionRoutes: FastifyPluginAsync<{
  registry: Registry;
  secureCookies: boolean;
  demoPassword: string;
  loginAttempts: LoginAttemptStore;
}> = async (app, { registry, secureCookies, demoPassword, loginAttempts }) => {
  const expected = digest(demoPassword);
  app.post('/api/login', async (request, reply) => {
    const parsed = parseOrError(LoginRequest, request.body, { label: 'login' });
    if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
    const { userId, password } = parsed.value;
    const allowed = await loginAttempts.begin(userId, request.ip);
    if (!allowed.ok) {
      request.log.warn({ audit: 'login.refused', userId, scope: allowed.scope }, 'login refused: too many failures');
      reply.header(HEADER.retryAfter, String(allowed.retryAfterSeconds));
      throw new GatewayError(
        'rate_limited',
        `too many failed logins ${allowed.scope === 'user' ? 'for this user' : 'from this address'}; retry in ${allowed.retryAfterSeconds} s`,
        { retryAfterSeconds: allowed.retryAfterSeconds },
      );
    }
    const user = findUser(userId);
    // Compared whether or not the user exists: the answer's timing does not tell which.
    const passwordMatches = timingSafeEqual(digest(password), expected);
    if (!user || !passwordMatches) {
      // The attempt stays counted as a failure (begin counted it).
      request.log.warn({ audit: 'login.failed', userId }, 'login failed');
      throw new GatewayError('unauthenticated', 'unknown user or wrong password');
    }
    await loginAttempts.succeeded(allowed.attempt, userId, request.ip);
    const id = await registry.createSession(user.id, SESSION_TTL_MS);
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
    if (id) await registry.deleteSession(id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/me', async (request) => ({ user: await requireUser(request, registry) }));

  // What a page asks on load: answered 200 whether or not someone is logged in.
  app.get('/api/session', async (request, reply): Promise<SessionState> => {
    reply.header('cache-control', 'no-store');
    return { user: (await sessionUser(request, registry)) ?? null };
  });
};
