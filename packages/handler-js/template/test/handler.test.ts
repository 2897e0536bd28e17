// The handler against the SDK's fake runner: KV with revisions and logs, as the runner answers them.
import { callHandle, createFakeRunner, installFakeRunner } from '@extsys/handler-js/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { handle } from '../src/handler.js';

let undo: (() => void) | undefined;
afterEach(() => undo?.());

describe('the handler', () => {
  it('greets by the path parameter', async () => {
    undo = installFakeRunner(createFakeRunner({ grants: [] }));
    const answer = await callHandle(handle, { handler: 'hello', pattern: '/hello/:name', params: { name: 'Ada' } });
    expect(answer).toMatchObject({ status: 200, json: { greeting: 'Hello, Ada!' } });
  });

  it('counts visits in KV and logs them', async () => {
    const runner = createFakeRunner({ kv: { visits: '41' }, grants: ['storage.kv', 'log'] });
    undo = installFakeRunner(runner);
    const answer = await callHandle(handle, { handler: 'visit', method: 'POST', path: '/visits' });
    expect(answer).toMatchObject({ status: 200, json: { visits: 42 } });
    expect(runner.logs).toEqual([expect.objectContaining({ message: 'visit 42 for tenant tenant-test' })]);
  });

  it('answers the runner’s code when KV is not granted', async () => {
    undo = installFakeRunner(createFakeRunner({ grants: [] }));
    const answer = await callHandle(handle, { handler: 'visit', method: 'POST', path: '/visits' });
    expect(answer).toMatchObject({ status: 403, json: { error: { code: 'capability_denied' } } });
  });
});
