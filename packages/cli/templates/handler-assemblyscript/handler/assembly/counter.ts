// A counter per tenant: KV is namespaced by tenant + extension by the runner, so one key is enough.
import { kv, log, JsonObject, Request, Response } from '@extsys/handler-sdk';

const KEY = 'counter';
const MAX_ATTEMPTS = 5;

function countJson(count: i64): Response {
  return Response.rawJson(200, new JsonObject().int('count', count).toString());
}

/** `GET /counter` → `{count}` (0 before the first increment). */
export function getCounter(req: Request): Response {
  const got = kv.get(KEY);
  if (!got.ok) return req.hostFailure(got.error);
  const entry = got.value;
  return countJson(entry === null ? 0 : I64.parseInt(entry.value));
}

/**
 * `POST /counter/increment` → `{count: n + 1}`. Optimistic concurrency: write with the revision
 * that was read (0 = the key must not exist yet) and retry when another call won the race.
 */
export function incrementCounter(req: Request): Response {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const got = kv.get(KEY);
    if (!got.ok) return req.hostFailure(got.error);
    const entry = got.value;
    const next: i64 = (entry === null ? 0 : I64.parseInt(entry.value)) + 1;
    const put = kv.put(KEY, next.toString(), entry === null ? 0 : entry.revision);
    if (put.conflict) continue;
    if (!put.ok) return req.hostFailure(put.error);
    log.info('counter of tenant ' + req.context.tenantId + ' is now ' + next.toString());
    return countJson(next);
  }
  return req.error(409, 'version_conflict', 'the counter kept changing; try again');
}
