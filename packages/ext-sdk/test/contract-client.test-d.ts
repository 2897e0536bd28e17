// The typed client's arguments and answers, inferred from the contract.
import * as z from 'zod/mini';
import { describe, expectTypeOf, it } from 'vitest';
import { client, defineContract } from '../src/contract/index.js';
import type { Ext } from '../src/index.js';

const contract = defineContract({
  getCounter: { method: 'GET', path: '/counter', response: z.object({ count: z.int() }) },
  echo: {
    method: 'POST',
    path: '/echo',
    body: z.object({ message: z.string(), times: z._default(z.int(), 1) }),
    response: z.object({
      at: z.pipe(
        z.string(),
        z.transform((s) => new Date(s)),
      ),
    }),
  },
  rename: {
    method: 'PATCH',
    path: '/notes/:id',
    body: z.object({ title: z.string() }),
    response: z.object({ id: z.string() }),
  },
  search: {
    method: 'GET',
    path: '/search',
    query: z.object({ q: z.string(), limit: z.optional(z.string()) }),
    response: z.array(z.string()),
  },
});
declare const ext: Ext;
const api = client(contract, ext);

describe('api.call', () => {
  it('answers what the response schema yields', () => {
    expectTypeOf(api.call('getCounter')).resolves.toEqualTypeOf<{ count: number }>();
    expectTypeOf(api.call('echo', { message: 'hi' })).resolves.toEqualTypeOf<{ at: Date }>();
    expectTypeOf(api.call('search', { query: { q: 'x' } })).resolves.toEqualTypeOf<string[]>();
  });

  it('takes the body first when the endpoint declares one, as the schema accepts it (defaults optional)', () => {
    void api.call('echo', { message: 'hi', times: 2 }, { timeoutMs: 500 });
    // @ts-expect-error message must be a string
    void api.call('echo', { message: 1 });
    // @ts-expect-error the body is required
    void api.call('echo');
    // @ts-expect-error getCounter takes no body (its first argument is the options)
    void api.call('getCounter', { message: 'hi' });
  });

  it('requires params when the path has some, and a query when its schema has required fields', () => {
    void api.call('rename', { title: 't' }, { params: { id: '1' } });
    // @ts-expect-error params.id is required
    void api.call('rename', { title: 't' });
    // @ts-expect-error params has no "key"
    void api.call('rename', { title: 't' }, { params: { key: '1' } });
    // @ts-expect-error query.q is required
    void api.call('search');
    // @ts-expect-error unknown endpoint
    void api.call('nope');
  });
});
