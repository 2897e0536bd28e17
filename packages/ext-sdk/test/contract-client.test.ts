import * as z from 'zod/mini';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { client, defineContract } from '../src/contract/index.js';
import type { Ext } from '../src/index.js';
import { connected } from './helpers.js';

const BASE = 'https://gateway.test/api/ext/com.example.mock';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
let ext: Ext | undefined;
afterEach(() => {
  ext?.destroy();
  server.resetHandlers();
});

const contract = defineContract({
  getCounter: { method: 'GET', path: '/counter', response: z.object({ count: z.int() }) },
  echo: {
    method: 'POST',
    path: '/echo',
    body: z.object({ message: z.string() }),
    response: z.object({
      message: z.string(),
      at: z.pipe(
        z.string(),
        z.transform((s) => new Date(s)),
      ),
    }),
  },
  getNote: {
    method: 'GET',
    path: '/notes/:id',
    query: z.object({ format: z.optional(z.enum(['json', 'text'])), tag: z.optional(z.array(z.string())) }),
    response: z.union([z.object({ id: z.string() }), z.string()]),
  },
  deleteNote: { method: 'DELETE', path: '/notes/:id', response: z.undefined() },
});

async function api() {
  ext = (await connected()).ext;
  return client(contract, ext);
}

describe('client(contract, ext)', () => {
  it('calls an endpoint without arguments and answers its parsed response', async () => {
    server.use(http.get(`${BASE}/counter`, () => HttpResponse.json({ count: 3 })));
    expect(await (await api()).call('getCounter')).toEqual({ count: 3 });
  });

  it('sends the body as JSON with the endpoint method, through ext.api.fetch (token, request id)', async () => {
    let seen: Request | undefined;
    server.use(
      http.post(`${BASE}/echo`, async ({ request }) => {
        seen = request.clone();
        const { message } = (await request.json()) as { message: string };
        return HttpResponse.json({ message, at: '2026-01-02T03:04:05.000Z' });
      }),
    );
    const answer = await (await api()).call('echo', { message: 'hi' });
    expect(answer).toEqual({ message: 'hi', at: new Date('2026-01-02T03:04:05.000Z') }); // transformed by the schema
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(seen?.headers.get('authorization')).toMatch(/^Bearer /);
    expect(seen?.headers.get('x-request-id')).toMatch(/^ext-/);
    expect(await seen?.json()).toEqual({ message: 'hi' });
  });

  it('fills path parameters (encoded, one segment each) and the query (repeated names for lists)', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${BASE}/notes/:id`, ({ request }) => {
        url = new URL(request.url);
        return new HttpResponse('the text', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
      }),
    );
    const answer = await (
      await api()
    ).call('getNote', { params: { id: 'n 1' }, query: { format: 'text', tag: ['a', 'b'] } });
    expect(answer).toBe('the text');
    expect(url?.pathname).toBe('/api/ext/com.example.mock/notes/n%201');
    expect(url?.search).toBe('?format=text&tag=a&tag=b');
  });

  it('an empty answer is undefined', async () => {
    server.use(http.delete(`${BASE}/notes/:id`, () => new HttpResponse(null, { status: 204 })));
    expect(await (await api()).call('deleteNote', { params: { id: '1' } })).toBeUndefined();
  });

  it('refuses an answer that does not match the response schema: bad_gateway, not retriable, naming the field', async () => {
    server.use(
      http.get(`${BASE}/counter`, () =>
        HttpResponse.json({ count: 'three' }, { headers: { 'x-request-id': 'req-77' } }),
      ),
    );
    await expect((await api()).call('getCounter')).rejects.toMatchObject({
      name: 'ExtError',
      code: 'bad_gateway',
      retriable: false,
      status: 200,
      requestId: 'req-77',
      message: 'api getCounter: the answer does not match the contract: answer.count: must be a number, got "three"',
      details: { issues: ['answer.count: must be a number, got "three"'] },
    });
  });

  it('refuses an answer that is not JSON where JSON is declared', async () => {
    server.use(
      http.get(`${BASE}/counter`, () => new HttpResponse('{oops', { headers: { 'content-type': 'application/json' } })),
    );
    await expect((await api()).call('getCounter')).rejects.toMatchObject({
      code: 'bad_gateway',
      message: 'api getCounter: the answer is not JSON',
    });
  });

  it("passes the handler's error envelope through as ExtError", async () => {
    server.use(
      http.get(`${BASE}/notes/:id`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'not_found',
              message: 'there is no note 9',
              retriable: false,
              status: 404,
              requestId: 'req-9',
            },
          },
          { status: 404 },
        ),
      ),
    );
    await expect((await api()).call('getNote', { params: { id: '9' } })).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
      requestId: 'req-9',
      message: 'there is no note 9',
    });
  });

  it('refuses a missing or unsafe path parameter before any request', async () => {
    const typed = await api();
    await expect(typed.call('getNote', { params: { id: '' } })).rejects.toMatchObject({
      code: 'path_invalid',
      message: 'api getNote: params.id is required (a non-empty string) for /notes/:id',
    });
    await expect(typed.call('getNote', { params: { id: '..' } })).rejects.toMatchObject({ code: 'path_invalid' });
    await expect(typed.call('getNote', { params: { id: 'a/b' } })).rejects.toMatchObject({ code: 'path_invalid' });
    await expect((typed.call as (name: string) => Promise<unknown>)('nope')).rejects.toMatchObject({
      code: 'endpoint_not_found',
    });
  });
});
