// GET /records?page&pageSize, GET /records/:id, PUT /records/:id.
import { log, Request, Response } from '@extsys/handler-sdk';
import { intParam } from './params';
import { RecordEdit, RecordPage, STATUSES } from './record';
import { exists, load, save } from './store';
import { TOTAL } from './seed';

const MAX_PAGE_SIZE: i32 = 50;

/** → `{"items": [record...], "page": n, "pageSize": m, "total": 120}`; pages count from 1. */
export function listRecords(req: Request): Response {
  const page = intParam(req.queryValue('page'), 1, 1, 1_000_000);
  const pageSize = intParam(req.queryValue('pageSize'), 10, 1, MAX_PAGE_SIZE);
  if (page < 0) return req.invalid('page must be an integer from 1');
  if (pageSize < 0) return req.invalid('pageSize must be an integer from 1 to ' + MAX_PAGE_SIZE.toString());
  const out = new RecordPage();
  out.page = page;
  out.pageSize = pageSize;
  out.total = TOTAL;
  const first = (page - 1) * pageSize + 1;
  for (let id = first; id < first + pageSize && id <= TOTAL; id++) {
    const loaded = load(id);
    if (loaded.error !== null) return req.hostFailure(loaded.error);
    out.items.push(loaded.record);
  }
  return Response.json<RecordPage>(200, out);
}

function recordId(req: Request): i32 {
  return intParam(req.param('id'), -1, 1, TOTAL);
}

/** → the record, or 404 `not_found`. */
export function getRecord(req: Request): Response {
  const id = recordId(req);
  if (id < 0 || !exists(id)) return req.error(404, 'not_found', 'no record ' + req.param('id'));
  const loaded = load(id);
  if (loaded.error !== null) return req.hostFailure(loaded.error);
  return Response.json(200, loaded.record);
}

/** The problem with an edit, or null. */
function problem(edit: RecordEdit): string | null {
  const name = edit.name.trim();
  if (name.length == 0 || name.length > 80) return 'name must be 1 to 80 characters';
  if (!STATUSES.includes(edit.status)) return 'status must be one of ' + STATUSES.join(', ');
  if (edit.notes.length > 500) return 'notes must be at most 500 characters';
  return null;
}

/** Body `{name, status, notes, revision}` → the saved record (revision + 1); 409 if `revision` is stale. */
export function saveRecord(req: Request): Response {
  const id = recordId(req);
  if (id < 0 || !exists(id)) return req.error(404, 'not_found', 'no record ' + req.param('id'));
  // Checked before it is parsed: not JSON, not an object, or a field of the wrong type
  // (`"revision": "3"`) is a 400 naming the problem, never a trap.
  const body = req.json<RecordEdit>();
  if (!body.ok) return req.invalid(body.error);
  const edit = body.value;
  const bad = problem(edit);
  if (bad !== null) return req.invalid(bad);

  const loaded = load(id);
  if (loaded.error !== null) return req.hostFailure(loaded.error);
  const record = loaded.record;
  if (edit.revision != record.revision) {
    return req.error(409, 'version_conflict', 'record ' + id.toString() + ' was changed by someone else; reload it');
  }
  record.name = edit.name.trim();
  record.status = edit.status;
  record.notes = edit.notes;
  record.revision += 1;
  const saved = save(record, loaded.kvRevision);
  if (saved.conflict) {
    return req.error(409, 'version_conflict', 'record ' + id.toString() + ' was saved at the same time; reload it');
  }
  if (saved.error !== null) return req.hostFailure(saved.error);
  log.info('record ' + id.toString() + ' saved by tenant ' + req.context.tenantId);
  return Response.json(200, record);
}
