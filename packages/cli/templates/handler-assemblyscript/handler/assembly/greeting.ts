// `GET /greeting`: greets the calling user (capability `user.read`) by name.
import { user, JsonObject, Request, Response } from '@extsys/handler-sdk';

/** → `{message}`: "Hello, Ada!", or "Hello!" for a call without a user (a service call). */
export function getGreeting(req: Request): Response {
  const got = user.get();
  if (!got.ok) return req.hostFailure(got.error);
  let message = 'Hello!';
  const me = got.user;
  if (me !== null) {
    const displayName = me.displayName;
    message = 'Hello, ' + (displayName !== null ? displayName : me.id) + '!';
  }
  return Response.rawJson(200, new JsonObject().str('message', message).toString());
}
