// GET /links/:customer, PUT /links/:customer: which records a host customer is linked to, per tenant
// in KV. The customer id is the host's (the panel receives it as its subject); the handler only
// checks its shape.
import { Request, Response, kv, JSON } from '@extsys/handler-sdk';
import { CustomerLinks, LinksEdit } from './record';
import { exists, load } from './store';

const MAX_LINKS: i32 = 20;

/** A host customer id: 1–64 of `a-z`, `0-9`, `-`, `_`; anything else is refused. */
function customerId(req: Request): string | null {
  const s = req.param('customer');
  if (s.length == 0 || s.length > 64) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 95;
    if (!ok) return null;
  }
  return s;
}

function key(customer: string): string {
  return 'links:' + customer;
}

/** The linked records of `customer` (their current versions), as the answer to both routes. */
function answer(req: Request, customer: string, ids: i32[]): Response {
  const out = new CustomerLinks();
  out.customer = customer;
  for (let i = 0; i < ids.length; i++) {
    const loaded = load(ids[i]);
    if (loaded.error !== null) return req.hostFailure(loaded.error);
    out.records.push(loaded.record);
  }
  return Response.json<CustomerLinks>(200, out);
}

/** → `{"customer": id, "records": [record...]}` (none linked yet: an empty list). */
export function getLinks(req: Request): Response {
  const customer = customerId(req);
  if (customer === null) return req.invalid('customer must be 1 to 64 of a-z, 0-9, "-" and "_"');
  const got = kv.get(key(customer));
  if (!got.ok) return req.hostFailure(got.error);
  const entry = got.value;
  const ids = entry === null ? new Array<i32>() : JSON.parse<LinksEdit>(entry.value).recordIds;
  return answer(req, customer, ids);
}

/** Body `{"recordIds": [n...]}` (distinct existing records, at most 20) → the links as stored. */
export function saveLinks(req: Request): Response {
  const customer = customerId(req);
  if (customer === null) return req.invalid('customer must be 1 to 64 of a-z, 0-9, "-" and "_"');
  const body = req.json<LinksEdit>();
  if (!body.ok) return req.invalid(body.error);
  const ids = body.value.recordIds;
  if (ids.length > MAX_LINKS) return req.invalid('recordIds must list at most ' + MAX_LINKS.toString() + ' records');
  for (let i = 0; i < ids.length; i++) {
    if (!exists(ids[i])) return req.invalid('recordIds: no record ' + ids[i].toString());
    for (let j = 0; j < i; j++) {
      if (ids[j] == ids[i]) return req.invalid('recordIds: record ' + ids[i].toString() + ' is listed twice');
    }
  }
  const put = kv.put(key(customer), JSON.stringify<LinksEdit>(body.value));
  if (!put.ok) return req.hostFailure(put.error);
  return answer(req, customer, ids);
}
