// @vitest-environment node
// The built wasm handler in the real runner (@extsys/runner/testing): seeded pages, KV-saved edits.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordItem, RecordPage } from '../src/api.js';
import { startTestRunner, type TestRunner } from '@extsys/runner/testing';

let runner: TestRunner;

beforeAll(async () => {
  runner = await startTestRunner(fileURLToPath(new URL('../dist/bundle', import.meta.url)));
}, 60_000);

afterAll(() => runner?.close());

const list = (query: Record<string, string[]>, tenantId?: string) =>
  runner.call({ path: '/records', query, ...(tenantId ? { tenantId } : {}) });
const get = (id: string, tenantId?: string) =>
  runner.call({ path: `/records/${id}`, ...(tenantId ? { tenantId } : {}) });
const put = (id: string, body: unknown) =>
  runner.call({
    method: 'PUT',
    path: `/records/${id}`,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('records handler in the real runner', () => {
  it('pages through 120 deterministic records', async () => {
    const first = await list({});
    expect(first.status).toBe(200);
    const page1 = first.json as RecordPage;
    expect(page1).toMatchObject({ page: 1, pageSize: 10, total: 120 });
    expect(page1.items.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(page1.items[0]).toMatchObject({ id: 1, name: 'Aurora Logistics', revision: 0, notes: '' });
    expect(page1.items[0]!.status).toMatch(/^(active|paused|archived)$/);

    const last = (await list({ page: ['5'], pageSize: ['25'] })).json as RecordPage;
    expect(last.items.map((r) => r.id)).toEqual([
      101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
    ]);
    expect(((await list({ page: ['13'] })).json as RecordPage).items).toEqual([]);
    expect((await list({ page: ['1'] })).json).toEqual(first.json); // same data on every call

    const names = new Set<string>();
    for (let page = 1; page <= 3; page++) {
      for (const r of ((await list({ page: [String(page)], pageSize: ['50'] })).json as RecordPage).items)
        names.add(r.name);
    }
    expect(names.size).toBe(120);
  });

  it('refuses bad paging with 400 validation_failed', async () => {
    const bad: Record<string, string[]>[] = [
      { page: ['0'] },
      { page: ['x'] },
      { pageSize: ['51'] },
      { pageSize: ['-1'] },
    ];
    for (const query of bad) {
      expect(await list(query)).toMatchObject({ status: 400, json: { error: { code: 'validation_failed' } } });
    }
  });

  it('answers one record, 404 for an unknown one', async () => {
    // The example in the README.
    expect(await get('42')).toMatchObject({
      status: 200,
      json: { id: 42, name: 'Fjord Labs', owner: 'Grace Lee', status: 'paused', amountCents: 430408, revision: 0 },
    });
    expect(await get('121')).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect(await get('abc')).toMatchObject({ status: 404 });
  });

  it('saves an edit in KV (per tenant), with optimistic concurrency', async () => {
    const before = (await get('7')).json as RecordItem;
    const saved = await put('7', {
      name: '  Renamed “seven” ✓ ',
      status: 'archived',
      notes: 'line 1\nline "2"',
      revision: 0,
    });
    expect(saved).toMatchObject({
      status: 200,
      json: { ...before, name: 'Renamed “seven” ✓', status: 'archived', notes: 'line 1\nline "2"', revision: 1 },
    });
    expect((await get('7')).json).toEqual(saved.json);
    expect(((await list({})).json as RecordPage).items[6]).toEqual(saved.json);
    expect((await get('7', 'tenant-b')).json).toEqual(before);
    // A save made on revision 0 again: someone else's, refused.
    expect(await put('7', { name: 'Lost update', status: 'active', notes: '', revision: 0 })).toMatchObject({
      status: 409,
      json: { error: { code: 'version_conflict' } },
    });
  });

  it('validates the edit', async () => {
    for (const body of [
      '{"name":"x"',
      '[1]',
      { name: ' ', status: 'active', notes: '', revision: 0 },
      { name: 'ok', status: 'deleted', notes: '', revision: 0 },
      { name: 'ok', status: 'active', notes: 'n'.repeat(501), revision: 0 },
    ]) {
      expect(await put('8', body)).toMatchObject({ status: 400, json: { error: { code: 'validation_failed' } } });
    }
  });

  it('links records to a host customer, per tenant', async () => {
    const links = (customer: string, tenantId?: string) =>
      runner.call({ path: `/links/${customer}`, ...(tenantId ? { tenantId } : {}) });
    const link = (customer: string, body: unknown) =>
      runner.call({
        method: 'PUT',
        path: `/links/${customer}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await links('c-ada')).toMatchObject({ status: 200, json: { customer: 'c-ada', records: [] } });
    const saved = await link('c-ada', { recordIds: [42, 3] });
    expect(saved.status).toBe(200);
    expect((saved.json as { records: RecordItem[] }).records.map((r) => [r.id, r.name])).toEqual([
      [42, 'Fjord Labs'],
      [3, ((await get('3')).json as RecordItem).name],
    ]);
    expect((await links('c-ada')).json).toEqual(saved.json);
    expect(await links('c-ada', 'tenant-b')).toMatchObject({ status: 200, json: { records: [] } });
    expect(await links('c-grace')).toMatchObject({ status: 200, json: { records: [] } });
  });

  it('refuses bad links with 400 validation_failed, storing nothing', async () => {
    for (const [customer, body] of [
      ['c-bad', { recordIds: [121] }],
      ['c-bad', { recordIds: [5, 5] }],
      ['c-bad', { recordIds: Array.from({ length: 21 }, (_, i) => i + 1) }],
      ['c-bad', { recordIds: ['5'] }],
      ['C%20BAD', { recordIds: [5] }],
    ] as const) {
      const answer = await runner.call({
        method: 'PUT',
        path: `/links/${customer}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer, JSON.stringify(body)).toMatchObject({
        status: 400,
        json: { error: { code: 'validation_failed' } },
      });
    }
    expect(await runner.call({ path: '/links/c-bad' })).toMatchObject({ status: 200, json: { records: [] } });
  });
});
