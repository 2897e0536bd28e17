// A record is its seed until someone saves it; saved records live in KV (per tenant) as JSON.
import { HostError, JSON, kv } from '@extsys/handler-sdk';
import { Rec } from './record';
import { seedRecord, TOTAL } from './seed';

export function exists(id: i32): bool {
  return id >= 1 && id <= TOTAL;
}

function key(id: i32): string {
  return 'record:' + id.toString();
}

/** A record read: `record` with the KV revision to write against, or the host's error. */
export class Loaded {
  record: Rec = new Rec();
  kvRevision: i64 = 0;
  error: HostError | null = null;
}

export function load(id: i32): Loaded {
  const out = new Loaded();
  const got = kv.get(key(id));
  if (!got.ok) {
    out.error = got.error;
    return out;
  }
  const entry = got.value;
  if (entry === null) {
    out.record = seedRecord(id);
  } else {
    out.record = JSON.parse<Rec>(entry.value);
    out.kvRevision = entry.revision;
  }
  return out;
}

/** A save result: `conflict` when someone saved in between, else `error` if the host refused. */
export class Saved {
  conflict: bool = false;
  error: HostError | null = null;
}

/** Writes `record` if KV still holds `kvRevision` (0: nothing saved yet). */
export function save(record: Rec, kvRevision: i64): Saved {
  const out = new Saved();
  const put = kv.put(key(record.id), JSON.stringify<Rec>(record), kvRevision);
  if (put.conflict) out.conflict = true;
  else if (!put.ok) out.error = put.error;
  return out;
}
