// An extsys handler: register routes on `app`; the SDK provides the ABI exports.
import { app, kv, log, JsonObject, Request, Response } from '@extsys/handler-sdk';
// These three exports ARE the module's ABI (runner ABI v1): keep this line.
export { alloc, dealloc, handle } from '@extsys/handler-sdk';

function hello(req: Request): Response {
  return Response.text(200, 'Hello, ' + req.param('name') + '!');
}

function visits(req: Request): Response {
  const got = kv.get('visits');
  if (!got.ok) return req.hostFailure(got.error);
  const entry = got.value;
  const count: i64 = entry === null ? 1 : I64.parseInt(entry.value) + 1;
  const put = kv.put('visits', count.toString(), entry === null ? 0 : entry.revision);
  if (put.conflict) return req.error(409, 'version_conflict', 'try again');
  log.info('visit ' + count.toString() + ' for tenant ' + req.context.tenantId);
  return Response.rawJson(200, new JsonObject().int('visits', count).toString());
}

app.get('/hello/:name', hello).post('/visits', visits);
