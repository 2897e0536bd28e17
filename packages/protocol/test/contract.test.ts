import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { checkValue, ContractError, contractRoutes, defineContract } from '../src/contract/index.js';
import { Manifest } from '../src/index.js';

const Message = z.object({ message: z.string().check(z.maxLength(20)) });

describe('defineContract', () => {
  it('keeps every endpoint under its name, and lists the routes the manifest must declare', () => {
    const contract = defineContract({
      getCounter: { method: 'GET', path: '/counter', response: z.object({ count: z.number() }) },
      echo: { method: 'POST', path: '/echo', body: Message, response: Message },
      'items.get': { method: 'GET', path: '/items/:id', response: z.unknown() },
    });
    expect(Object.keys(contract.endpoints)).toEqual(['getCounter', 'echo', 'items.get']);
    expect(contract.endpoints.echo.body).toBe(Message);
    expect(Object.isFrozen(contract.endpoints)).toBe(true);
    const routes = contractRoutes(contract);
    expect(routes).toEqual([
      { handler: 'getCounter', method: 'GET', path: '/counter' },
      { handler: 'echo', method: 'POST', path: '/echo' },
      { handler: 'items.get', method: 'GET', path: '/items/:id' },
    ]);
    // What the contract accepts, the manifest accepts.
    const manifest = Manifest.safeParse({
      manifestVersion: 2,
      name: 'com.acme.counter',
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'js@1',
      api: { module: 'handler/handler.js', endpoints: routes },
    });
    expect(manifest.success).toBe(true);
  });

  it.each([
    [
      { 'get counter': { method: 'GET', path: '/c', response: z.unknown() } },
      /"get counter": the name must be an identifier/,
    ],
    [{ a: { method: 'HEAD', path: '/c', response: z.unknown() } }, /"a": method "HEAD" must be one of GET, POST/],
    [{ a: { method: 'GET', path: '/c/../d', response: z.unknown() } }, /"a": path "\/c\/..\/d" must be "\/" or/],
    [{ a: { method: 'GET', path: 'c', response: z.unknown() } }, /"a": path "c"/],
    [{ a: { method: 'GET', path: '/a/:id/b/:id', response: z.unknown() } }, /names the parameter :id twice/],
    [
      { a: { method: 'GET', path: '/c', body: Message, response: z.unknown() } },
      /"a": a GET endpoint cannot declare a body/,
    ],
    [{ a: { method: 'GET', path: '/c', response: { parse: () => 1 } } }, /"a": response must be a zod schema/],
    [
      {
        a: { method: 'GET', path: '/items/:id', response: z.unknown() },
        b: { method: 'GET', path: '/items/:key', response: z.unknown() },
      },
      /endpoints "a" and "b" are both GET \/items\/:key: the gateway could not tell them apart/,
    ],
    [{}, /at least one endpoint/],
  ])('refuses a contract no manifest or browser could accept: %j', (endpoints, message) => {
    const define = () => defineContract(endpoints as never);
    expect(define).toThrow(ContractError);
    expect(define).toThrow(message);
    try {
      define();
    } catch (error) {
      expect((error as ContractError).code).toBe('contract_invalid');
    }
  });
});

describe('checkValue', () => {
  it('answers the parsed value', () => {
    const schema = z.object({ n: z.pipe(z.string(), z.transform(Number)) });
    expect(checkValue(schema, { n: '4' }, 'query')).toEqual({ ok: true, value: { n: 4 } });
  });

  it('names each bad field under the label, and never echoes a secret', () => {
    const schema = z.object({ message: z.string(), count: z.int(), apiToken: z.string() });
    const checked = checkValue(schema, { message: 42, count: 1.5, apiToken: 7 }, 'body');
    expect(checked).toEqual({
      ok: false,
      message: 'body.message: must be a string, got 42 (and 2 more problems)',
      issues: [
        'body.message: must be a string, got 42',
        'body.count: must be an integer, got 1.5',
        'body.apiToken: must be a string',
      ],
    });
    expect(checkValue(schema, [], 'body')).toMatchObject({
      ok: false,
      message: 'body: must be an object, got an array',
    });
    expect(checkValue(z.object({ a: z.string() }), {}, 'answer')).toMatchObject({ message: 'answer.a: is required' });
  });
});
