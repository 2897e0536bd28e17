// serve() itself, in Node (the author's own unit tests run this way: the handler's TypeScript
// imported directly, a fake runner installed as the global).
import * as z from 'zod/mini';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, defineContract } from '@extsys/protocol/contract';
import { serve } from '../src/index.js';
import { callHandle, createFakeRunner, installFakeRunner } from '../src/testing/index.js';
import { handle } from './fixtures/notes/handler.js';

const contract = defineContract({
  a: { method: 'GET', path: '/a', response: z.unknown() },
  b: { method: 'GET', path: '/b', response: z.unknown() },
});

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe('serve', () => {
  it('refuses, when the module loads, a contract endpoint without an implementation and an implementation outside the contract', () => {
    expect(() => serve(contract, { a: () => 1 } as never)).toThrow(
      new ContractError('serve: contract endpoint "b" has no implementation'),
    );
    expect(() => serve(contract, { a: () => 1, b: () => 2, c: () => 3 } as never)).toThrow(
      'serve: "c" is implemented but not in the contract; declare it there',
    );
  });

  it('gives handle the contract, for pack to read', () => {
    expect(serve(contract, { a: () => 1, b: () => 2 }).contract).toBe(contract);
  });

  it("runs an author's TypeScript directly against an installed fake runner", async () => {
    const runner = createFakeRunner({ kv: { counter: '9' } });
    uninstall = installFakeRunner(runner);
    expect(await callHandle(handle, { handler: 'getCounter', path: '/counter' })).toMatchObject({
      status: 200,
      json: { count: 9 },
    });
    expect(runner.calls).toEqual([{ fn: 'kv_get', args: { key: 'counter' } }]);
  });

  it('without the runner global, a host call fails the call as a 500 and nothing worse', async () => {
    const answer = await callHandle(handle, { handler: 'getCounter', path: '/counter', requestId: 'req-x' });
    expect(answer).toMatchObject({ status: 500, json: { error: { code: 'internal', requestId: 'req-x' } } });
  });

  it('a request JSON that does not parse is a 500 without a request id to give', async () => {
    const answer = await handle('{not json', new ArrayBuffer(0));
    expect(JSON.parse(answer.header)).toMatchObject({ status: 500 });
  });
});
