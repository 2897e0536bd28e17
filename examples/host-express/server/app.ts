// The product's Express app: security headers, the session, login/logout, the SPA — and extsys,
// mounted by server/extsys.ts (the only file of this product that knows about extensions).
import { join } from 'node:path';
import express, { type Express } from 'express';
import { mountExtsys, type ExtsysOptions } from './extsys.js';
import { currentUser, sessions } from './session.js';
import { checkLogin, type User } from './users.js';

export interface HostOptions {
  /** Signs the session cookie. */
  sessionSecret: string;
  /** The built SPA (dist/web). */
  webRoot: string;
  extsys: ExtsysOptions;
}

/** What the SPA is told about the logged-in user. */
export interface Me {
  id: string;
  name: string;
  email: string;
  tenant: { id: string; name: string };
}

const me = (user: User): Me => ({ id: user.id, name: user.name, email: user.email, tenant: user.tenant });

export async function createHostApp(options: HostOptions): Promise<Express> {
  const app = express();
  app.disable('x-powered-by');
  // The page may frame only the runner (extension pages); everything else is this origin's own.
  const csp = [
    "default-src 'self'",
    `frame-src ${new URL(options.extsys.runner.publicUrl).origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  app.use((_req, res, next) => {
    res.set({ 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
    next();
  });
  app.use(sessions(options.sessionSecret));
  // /api/ext/... (the extension gateway), /api/ext-token/:extensionId and /api/apps. Before the
  // body parser below: the gateway reads the raw request body itself.
  await mountExtsys(app, options.extsys);
  app.use(express.json({ limit: '8kb' }));

  app.post('/api/login', (req, res, next) => {
    const body = (req.body ?? {}) as { user?: unknown; password?: unknown };
    const user = checkLogin(body.user, body.password);
    if (!user)
      return void res.status(401).json({ error: { code: 'login_failed', message: 'Unknown user or wrong password.' } });
    // A new session id at login (no session fixation).
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.userId = user.id;
      res.json(me(user));
    });
  });
  app.post('/api/logout', (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.status(204).end()));
  });
  app.get('/api/me', (req, res) => {
    const user = currentUser(req);
    if (user) res.json(me(user));
    else res.status(401).json({ error: { code: 'unauthenticated', message: 'Log in first.' } });
  });
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such API.' } });
  });

  app.use(express.static(options.webRoot, { index: false }));
  // The SPA's routes: every other GET is its page.
  app.get('/{*path}', (_req, res) => res.sendFile(join(options.webRoot, 'index.html')));
  return app;
}
