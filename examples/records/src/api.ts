// The handler's endpoints (manifest.json `api.endpoints`) and the JSON they answer.
import type { Ext } from '@extsys/ext-sdk';

export type Status = 'active' | 'paused' | 'archived';
export const STATUSES: readonly Status[] = ['active', 'paused', 'archived'];

export interface RecordItem {
  id: number;
  name: string;
  owner: string;
  status: Status;
  amountCents: number;
  notes: string;
  revision: number;
}

export interface RecordPage {
  items: RecordItem[];
  page: number;
  pageSize: number;
  total: number;
}

export interface RecordEdit {
  name: string;
  status: Status;
  notes: string;
  /** The revision the edit was made on: the handler answers 409 `version_conflict` if it is stale. */
  revision: number;
}

export const PAGE_SIZE = 10;

export const listPath = (page: number) => `/records?page=${page}&pageSize=${PAGE_SIZE}`;
export const recordPath = (id: number) => `/records/${id}`;
export const saveRecord = (ext: Ext, id: number, edit: RecordEdit) =>
  ext.api.json<RecordItem>(recordPath(id), { method: 'PUT', json: edit });

/** The records linked to a host customer (the panel); the customer id is the host's. */
export interface CustomerLinks {
  customer: string;
  records: RecordItem[];
}

export const linksPath = (customer: string) => `/links/${encodeURIComponent(customer)}`;
export const saveLinks = (ext: Ext, customer: string, recordIds: number[]) =>
  ext.api.json<CustomerLinks>(linksPath(customer), { method: 'PUT', json: { recordIds } });

/** What the `pick-record` modal takes (`openModal`'s `context`) and returns (`view.close(...)`). */
export interface PickInput {
  /** Records already linked: shown, but not offered again. */
  exclude: number[];
}
export interface Picked {
  id: number;
  name: string;
}
