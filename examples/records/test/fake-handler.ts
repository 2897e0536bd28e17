// Stands in for the wasm handler behind the gateway: serves the mock host's bridged API calls
// (`createMockHost({apiTransport: 'bridge', api})`) with the JSON shapes the real handler answers.
import type { MockApiResponse } from '@extsys/ext-sdk/testing';
import type { RecordEdit, RecordItem } from '../src/api.js';

type ApiRequest = { method: string; path: string; body?: Uint8Array };

const json = (status: number, value: unknown): MockApiResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});
const notFound = (message: string) => json(404, { error: { code: 'not_found', message, retriable: false } });

export function fakeHandler(total = 120) {
  const records = new Map<number, RecordItem>();
  for (let id = 1; id <= total; id++) {
    records.set(id, {
      id,
      name: `Record ${id}`,
      owner: 'Ada Lovelace',
      status: 'active',
      amountCents: id * 100,
      notes: '',
      revision: 0,
    });
  }
  const links = new Map<string, number[]>();
  const api = (request: ApiRequest): MockApiResponse => {
    const url = new URL(request.path, 'https://gateway.invalid');
    const linked = /^\/links\/([a-z0-9_-]+)$/.exec(url.pathname);
    if (linked) {
      const customer = linked[1]!;
      if (request.method === 'PUT') {
        links.set(customer, (JSON.parse(new TextDecoder().decode(request.body)) as { recordIds: number[] }).recordIds);
      }
      return json(200, { customer, records: (links.get(customer) ?? []).map((id) => records.get(id)) });
    }
    if (request.method === 'GET' && url.pathname === '/records') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const pageSize = Number(url.searchParams.get('pageSize') ?? 10);
      const items = [...records.values()].slice((page - 1) * pageSize, page * pageSize);
      return json(200, { items, page, pageSize, total });
    }
    const match = /^\/records\/(\d+)$/.exec(url.pathname);
    const record = match ? records.get(Number(match[1])) : undefined;
    if (!record) return notFound(`no ${request.path}`);
    if (request.method === 'GET') return json(200, record);
    if (request.method === 'PUT') {
      const edit = JSON.parse(new TextDecoder().decode(request.body)) as RecordEdit;
      if (edit.revision !== record.revision) {
        return json(409, { error: { code: 'version_conflict', message: 'changed by someone else', retriable: false } });
      }
      const saved = {
        ...record,
        name: edit.name,
        status: edit.status,
        notes: edit.notes,
        revision: record.revision + 1,
      };
      records.set(record.id, saved);
      return json(200, saved);
    }
    return json(405, { error: { code: 'method_not_allowed', message: request.method, retriable: false } });
  };
  return { records, links, api };
}
