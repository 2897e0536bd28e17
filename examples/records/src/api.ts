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
