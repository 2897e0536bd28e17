// What an author's implementations see and may answer, inferred from the contract.
import * as z from 'zod/mini';
import { describe, expectTypeOf, it } from 'vitest';
import { defineContract } from '@extsys/protocol/contract';
import { bytes, empty, json, serve, text, type ExtRequest, type Handle, type Reply } from '../src/index.js';

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
    path: '/notes/:id/lines/:line',
    query: z.object({ limit: z.optional(z.pipe(z.string(), z.transform(Number))) }),
    response: z.union([
      z.object({
        at: z.pipe(
          z.string(),
          z.transform((s) => new Date(s)),
        ),
      }),
      z.string(),
    ]),
  },
  remove: { method: 'DELETE', path: '/notes/:id', response: z.undefined() },
});

describe('serve(contract, implementations)', () => {
  it('types each input from the contract: body and query as parsed, params from the path', () => {
    serve(contract, {
      getCounter: (input) => {
        expectTypeOf(input.body).toEqualTypeOf<undefined>();
        expectTypeOf(input.params).toEqualTypeOf<Record<never, never>>();
        expectTypeOf(input.query).toEqualTypeOf<Record<never, never>>();
        return { count: 1 };
      },
      echo: ({ body, req }) => {
        expectTypeOf(body).toEqualTypeOf<{ message: string; times: number }>();
        expectTypeOf(req).toEqualTypeOf<ExtRequest<Record<never, never>>>();
        return { message: body.message.repeat(body.times) };
      },
      getNote: async ({ params, query, req }) => {
        expectTypeOf(params).toEqualTypeOf<{ id: string; line: string }>();
        expectTypeOf(req.params).toEqualTypeOf<Readonly<{ id: string; line: string }>>();
        expectTypeOf(query).toEqualTypeOf<{ limit?: number | undefined }>();
        // The handler answers what the response schema accepts (its input): a date as text.
        return query.limit === undefined ? text('plain') : { at: '2026-01-01' };
      },
      remove: () => undefined,
    });
  });

  it('refuses an answer the response schema would not accept', () => {
    serve(contract, {
      // @ts-expect-error count must be a number
      getCounter: () => ({ count: '1' }),
      echo: () => ({ message: '' }),
      // @ts-expect-error the response is an object or text, not bytes
      getNote: () => bytes(new Uint8Array(1)),
      // @ts-expect-error an empty endpoint cannot answer JSON
      remove: () => json({ gone: true }),
    });
    serve(contract, {
      // @ts-expect-error text is not { count }
      getCounter: () => text('1'),
      echo: () => json({ message: 'x' }, { status: 201 }),
      getNote: () => ({ at: '2026-01-01' }),
      remove: () => empty(),
    });
  });

  it('wants every endpoint implemented, and nothing else', () => {
    // @ts-expect-error remove is missing
    serve(contract, { getCounter: () => ({ count: 1 }), echo: () => ({ message: '' }), getNote: () => 'x' });
    serve(contract, {
      getCounter: () => ({ count: 1 }),
      echo: () => ({ message: '' }),
      getNote: () => 'x',
      remove: () => undefined,
      // @ts-expect-error not in the contract
      extra: () => undefined,
    });
  });

  it('returns the module handle, carrying its contract', () => {
    const handle = serve(contract, {
      getCounter: () => ({ count: 1 }),
      echo: () => ({ message: '' }),
      getNote: () => 'x',
      remove: () => undefined,
    });
    expectTypeOf(handle).toEqualTypeOf<Handle<typeof contract>>();
    expectTypeOf(handle).parameters.toEqualTypeOf<[request: string, body: ArrayBuffer]>();
    expectTypeOf(handle.contract).toEqualTypeOf(contract);
    expectTypeOf(json({ a: 1 })).toEqualTypeOf<Reply<{ a: number }>>();
  });
});
