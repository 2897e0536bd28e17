// The types an endpoint's sides see, inferred from the contract's schemas.
import * as z from 'zod/mini';
import { describe, expectTypeOf, it } from 'vitest';
import {
  defineContract,
  type BodyInputOf,
  type BodyOf,
  type EndpointName,
  type ParamsOf,
  type PathParams,
  type QueryInputOf,
  type QueryOf,
  type ResponseInputOf,
  type ResponseOf,
} from '../src/contract/index.js';

const contract = defineContract({
  getCounter: { method: 'GET', path: '/counter', response: z.object({ count: z.number() }) },
  echo: {
    method: 'POST',
    path: '/echo',
    body: z.object({ message: z.string(), times: z._default(z.int(), 1) }),
    response: z.object({ message: z.string() }),
  },
  getNote: {
    method: 'GET',
    path: '/items/:id/notes/:note',
    query: z.object({ limit: z.optional(z.pipe(z.string(), z.transform(Number))) }),
    response: z.object({
      at: z.pipe(
        z.string(),
        z.transform((s) => new Date(s)),
      ),
    }),
  },
});
type C = typeof contract;
type Endpoints = C['endpoints'];

describe('contract types', () => {
  it('path parameters come from the path', () => {
    expectTypeOf<PathParams<'/'>>().toEqualTypeOf<Record<never, never>>();
    expectTypeOf<PathParams<'/items/:id'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ParamsOf<Endpoints['getNote']>>().toEqualTypeOf<{ id: string; note: string }>();
    expectTypeOf<ParamsOf<Endpoints['echo']>>().toEqualTypeOf<Record<never, never>>();
  });

  it('names, methods and paths stay literal', () => {
    expectTypeOf<EndpointName<C>>().toEqualTypeOf<'getCounter' | 'echo' | 'getNote'>();
    expectTypeOf(contract.endpoints.getNote.method).toEqualTypeOf<'GET'>();
    expectTypeOf(contract.endpoints.getNote.path).toEqualTypeOf<'/items/:id/notes/:note'>();
  });

  it('the sender sees what a schema accepts, the receiver what it yields', () => {
    expectTypeOf<BodyInputOf<Endpoints['echo']>>().toEqualTypeOf<{ message: string; times?: number | undefined }>();
    expectTypeOf<BodyOf<Endpoints['echo']>>().toEqualTypeOf<{ message: string; times: number }>();
    expectTypeOf<BodyOf<Endpoints['getCounter']>>().toEqualTypeOf<undefined>();
    expectTypeOf<QueryInputOf<Endpoints['getNote']>>().toEqualTypeOf<{ limit?: string | undefined }>();
    expectTypeOf<QueryOf<Endpoints['getNote']>>().toEqualTypeOf<{ limit?: number | undefined }>();
    expectTypeOf<ResponseInputOf<Endpoints['getNote']>>().toEqualTypeOf<{ at: string }>();
    expectTypeOf<ResponseOf<Endpoints['getNote']>>().toEqualTypeOf<{ at: Date }>();
  });

  it('refuses a query schema that does not read text', () => {
    defineContract({
      // @ts-expect-error a query parameter is text: it cannot be read as a number without a transform
      a: { method: 'GET', path: '/a', query: z.object({ n: z.number() }), response: z.unknown() },
    });
  });
});
