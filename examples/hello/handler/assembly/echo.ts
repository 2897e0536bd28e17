// `POST /echo`: answers the JSON body it received, plus who sent it (capability `user.read`).
import { checkJson, JSON, JsonObject, quote, Request, Response, user } from '@extsys/handler-sdk';

/** → `{"received": <the body>, "user": {"id", "displayName"} | null, "tenantId": "..."}` */
export function echo(req: Request): Response {
  const contentType = req.header('content-type');
  if (contentType === null || !contentType.startsWith('application/json')) {
    return req.error(415, 'unsupported_media_type', 'send the body as application/json');
  }
  // Any JSON will do, and it goes back as it came: check it (a 400, not a trap, for a bad body)
  // without parsing it.
  const body = req.text();
  const problem = checkJson<JSON.Value>(body, 'the body');
  if (problem !== null) return req.invalid(problem);

  const me = user.get();
  if (!me.ok) return req.hostFailure(me.error);
  let who = 'null';
  if (me.user !== null) {
    const u = me.user!;
    who = new JsonObject()
      .str('id', u.id)
      .raw('displayName', u.displayName === null ? 'null' : quote(u.displayName!))
      .toString();
  }
  const answer = new JsonObject().raw('received', body).raw('user', who).str('tenantId', req.context.tenantId);
  return Response.rawJson(200, answer.toString());
}
