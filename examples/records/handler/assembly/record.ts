// The JSON shapes of the API (json-as generates their (de)serializers from `@json`).

export const STATUSES: string[] = ['active', 'paused', 'archived'];

@json
export class Rec {
  id: i32 = 0;
  name: string = '';
  owner: string = '';
  status: string = 'active';
  /** Money as integer cents: no floating point on the wire. */
  amountCents: i64 = 0;
  notes: string = '';
  /** 0 as generated; +1 on every save (the UI sends it back for optimistic concurrency). */
  revision: i32 = 0;
}

@json
export class RecordPage {
  items: Rec[] = [];
  page: i32 = 1;
  pageSize: i32 = 10;
  total: i32 = 0;
}

/** What `PUT /records/:id` takes. */
@json
export class RecordEdit {
  name: string = '';
  status: string = '';
  notes: string = '';
  /** The revision the edit was made on; a save over a newer one is a 409. */
  revision: i32 = 0;
}

/** The records a host customer is linked to (the panel beside the host's customer). */
@json
export class CustomerLinks {
  customer: string = '';
  records: Rec[] = [];
}

/** What `PUT /links/:customer` takes: the linked record ids, in the order shown. */
@json
export class LinksEdit {
  recordIds: i32[] = [];
}
