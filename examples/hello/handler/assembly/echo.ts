// `POST /echo`: answers the JSON body it received, plus who sent it (capability `user.read`).
import { JsonObject, quote, Request, Response, user } from '@extsys/handler-sdk';
import { validateJSON } from 'json-as/assembly/util/validateJson';

/** → `{"received": <the body>, "user": {"id", "displayName"} | null, "tenantId": "..."}` */
export function echo(req: Request): Response {
  const contentType = req.header('content-type');
  if (contentType === null || !contentType.startsWith('application/json')) {
    return Response.error(415, 'unsupported_media_type', 'send the body as application/json');
  }
  // Check the body ourselves: json-as traps (500 handler_trap) on bad JSON, a person deserves a 400.
  const body = req.text();
  if (!validateJSON(body)) return Response.error(400, 'validation_failed', 'the body is not valid JSON');

  const me = user.get();
  if (!me.ok) return Response.hostFailure(me.error);
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
