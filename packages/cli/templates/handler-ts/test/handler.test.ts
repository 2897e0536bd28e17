// @vitest-environment node
// The handler against the handler SDK's fake runner: KV with revisions, the user, grants and log
// lines as the runner answers them — no runner needed. `extsys dev` runs it in the real one.
import { callHandle, createFakeRunner, installFakeRunner } from '@extsys/handler-js/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { handle } from '../handler/handler.js';

let undo: (() => void) | undefined;
afterEach(() => undo?.());

describe('the handler', () => {
  it('greets the calling user by name', async () => {
    undo = installFakeRunner(createFakeRunner({ user: { id: 'u-1', displayName: 'Ada' } }));
    const answer = await callHandle(handle, { handler: 'getGreeting', path: '/greeting' });
    expect(answer).toMatchObject({ status: 200, json: { message: 'Hello, Ada!' } });
  });

  it('greets a call without a user', async () => {
    undo = installFakeRunner(createFakeRunner({ user: null }));
    const answer = await callHandle(handle, { handler: 'getGreeting', path: '/greeting' });
    expect(answer).toMatchObject({ status: 200, json: { message: 'Hello!' } });
  });

  it('counts in KV and logs each increment with the tenant', async () => {
    const runner = createFakeRunner({ kv: { counter: '41' } });
    undo = installFakeRunner(runner);
    const answer = await callHandle(handle, {
      handler: 'incrementCounter',
      method: 'POST',
      path: '/counter/increment',
    });
    expect(answer).toMatchObject({ status: 200, json: { count: 42 } });
    expect(await callHandle(handle, { handler: 'getCounter', path: '/counter' })).toMatchObject({
      json: { count: 42 },
    });
    expect(runner.logs).toEqual([expect.objectContaining({ message: 'counter of tenant tenant-test is now 42' })]);
  });

  it('answers 0 before the first increment', async () => {
    undo = installFakeRunner(createFakeRunner());
    expect(await callHandle(handle, { handler: 'getCounter', path: '/counter' })).toMatchObject({
      status: 200,
      json: { count: 0 },
    });
  });

  it('answers the runner’s code when KV is not granted', async () => {
    undo = installFakeRunner(createFakeRunner({ grants: ['log'] }));
    const answer = await callHandle(handle, {
      handler: 'incrementCounter',
      method: 'POST',
      path: '/counter/increment',
    });
    expect(answer).toMatchObject({ status: 403, json: { error: { code: 'capability_denied' } } });
  });
});
