// The product's session: a signed, HttpOnly, SameSite=Lax cookie with the user id (express-session,
// in memory: a restart logs everyone out).
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import { userById, type User } from './users.js';

declare module 'express-session' {
  interface SessionData {
    userId: string;
  }
}

export function sessions(secret: string): RequestHandler {
  return session({
    name: 'harbor.sid',
    secret,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 8 * 60 * 60 * 1000 },
  });
}

/** The logged-in user of a request, if any. */
export function currentUser(req: Request): User | undefined {
  const id = req.session?.userId;
  return id === undefined ? undefined : userById(id);
}
