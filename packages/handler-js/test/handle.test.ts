/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.stringContaining...) are typed any */
// The SDK end to end: a TypeScript handler built with build-handler, called through `handle(request
// JSON, body bytes)` exactly as the runner calls it, against a fake `__runner`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callHandle, createFakeRunner, type FakeRunnerOptions, type TestCall } from '../src/testing/index.js';
import { buildFixture, type BuiltFixture } from './built-handler.js';

let fixture: BuiltFixture;
beforeAll(async () => {
  fixture = await buildFixture('notes');
});
afterAll(() => fixture.remove());

async function call(request: TestCall, options: FakeRunnerOptions = {}) {
  const runner = createFakeRunner(options);
  const handle = await fixture.load(runner);
  return { runner, answer: await callHandle(handle, request) };
}

const JSON_TYPE = 'application/json; charset=utf-8';

describe('routing', () => {
  it('dispatches on the endpoint name the runner passes, with the gateway path parameters', async () => {
    const { answer } = await call(
      { handler: 'getNote', pattern: '/notes/:id', params: { id: 'n 1' } },
      { kv: { 'note:n 1': 'Groceries' } },
    );
    expect(answer).toMatchObject({ status: 200, json: { id: 'n 1', title: 'Groceries', revision: 1 } });
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
  });

  it('answers 404 endpoint_not_found for a name the contract lacks, 405 for another method', async () => {
    const unknown = await call({ handler: 'getNothing', path: '/nothing', requestId: 'req-404' });
    expect(unknown.answer.status).toBe(404);
    expect(unknown.answer.json).toMatchObject({
      error: { code: 'endpoint_not_found', requestId: 'req-404', message: expect.stringContaining('"getNothing"') },
    });
    const wrongMethod = await call({ handler: 'getCounter', method: 'POST', path: '/counter' });
    expect(wrongMethod.answer).toMatchObject({ status: 405, json: { error: { code: 'method_not_allowed' } } });
  });

  it('answers 500 when the route lacks a parameter of the contract path (manifest and contract disagree)', async () => {
    const { answer } = await call({ handler: 'getNote', pattern: '/notes/:key', params: { key: '1' } });
    expect(answer).toMatchObject({
      status: 500,
      json: { error: { code: 'internal', message: expect.stringContaining(':id') } },
    });
  });
});

describe('input validation', () => {
  it('passes the validated body, with the schema defaults and types', async () => {
    const { answer } = await call({
      handler: 'echo',
      method: 'POST',
      path: '/echo',
      body: { message: 'héllo ✓' },
      requestId: 'req-echo',
    });
    expect(answer).toMatchObject({ status: 200, json: { message: 'héllo ✓', tags: [], requestId: 'req-echo' } });
  });

  it.each([
    [{ message: 42 }, 'body.message: must be a string, got 42'],
    [{ message: 'x'.repeat(41) }, 'body.message: must have at most 40 characters'],
    [{ message: 'ok', tags: ['a', 3] }, 'body.tags[1]: must be a string, got 3'],
    [{}, 'body.message: is required'],
    [[], 'body: must be an object, got an array'],
    ['{"message":', 'body: is not valid JSON'],
    [undefined, 'body: is required (the request has no body)'],
  ])('a bad body %j is a 400 validation_failed naming the field', async (body, message) => {
    const { answer } = await call({ handler: 'echo', method: 'POST', path: '/echo', body, requestId: 'req-bad' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: {
        code: 'validation_failed',
        message: expect.stringMatching(new RegExp(`^${message.replace(/[[\]().{}*+?^$|\\]/g, '\\$&')}`)),
        retriable: false,
        status: 400,
        requestId: 'req-bad',
        details: { issues: expect.arrayContaining([expect.stringContaining(message.split(',')[0]!)]) },
      },
    });
  });

  it('validates and transforms the query; a bad one is a 400 naming the parameter', async () => {
    const kv = { 'note:a': 'A', 'note:b': 'B', 'note:c': 'C', other: 'x' };
    const listed = await call({ handler: 'listNotes', path: '/notes', query: { limit: ['2'] } }, { kv });
    expect(listed.answer.json).toEqual({ ids: ['a', 'b'], cursor: 'note:b' });
    const bad = await call({ handler: 'listNotes', path: '/notes', query: { limit: ['two'] } }, { kv });
    expect(bad.answer).toMatchObject({
      status: 400,
      json: { error: { code: 'validation_failed', message: expect.stringMatching(/^query\.limit: /) } },
    });
    const repeated = await call(
      {
        handler: 'getNote',
        path: '/notes/a',
        pattern: '/notes/:id',
        params: { id: 'a' },
        query: { format: ['text', 'json'] },
      },
      { kv },
    );
    expect(repeated.answer.json).toMatchObject({ error: { message: expect.stringMatching(/^query\.format: /) } });
  });
});

describe('answers', () => {
  it('plain data is a 200 JSON answer; json(data, {status}) sets the status; undefined is a 204', async () => {
    const counter = await call({ handler: 'getCounter', path: '/counter' }, { kv: { counter: '41' } });
    expect(counter.answer).toMatchObject({ status: 200, json: { count: 41, revision: 1 } });
    const incremented = await call(
      { handler: 'increment', method: 'POST', path: '/counter', body: { by: 2 } },
      { kv: { counter: '41' } },
    );
    expect(incremented.answer).toMatchObject({ status: 201, json: { count: 43, revision: 2 } });
    expect(incremented.runner.kv.get('counter')).toEqual({ value: '43', revision: 2 });
    expect(incremented.runner.logs).toContainEqual({ level: 1, message: 'counter at 43' });
    const deleted = await call(
      { handler: 'deleteNote', method: 'DELETE', pattern: '/notes/:id', params: { id: 'a' } },
      { kv: { 'note:a': 'A' } },
    );
    expect(deleted.answer).toMatchObject({ status: 204, text: '', headers: {} });
    expect(deleted.runner.kv.has('note:a')).toBe(false);
  });

  it('text() answers text/plain; bytes() raw bytes with their content type and headers (lower-cased)', async () => {
    const note = await call(
      { handler: 'getNote', pattern: '/notes/:id', params: { id: 'a' }, query: { format: ['text'] } },
      { kv: { 'note:a': 'Ünïcode' } },
    );
    expect(note.answer).toMatchObject({
      status: 200,
      text: 'Ünïcode',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    const download = await call({ handler: 'download', path: '/download' });
    expect([...download.answer.bytes]).toEqual([0, 1, 2, 255]);
    expect(download.answer.headers).toEqual({ 'content-type': 'application/x-test', 'x-count': '4' });
  });
});

describe('errors', () => {
  it('a thrown HandlerError is the system envelope with the request id', async () => {
    const { answer } = await call({
      handler: 'getNote',
      pattern: '/notes/:id',
      params: { id: 'zz' },
      requestId: 'req-nf',
    });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
    expect(answer.json).toEqual({
      error: { code: 'not_found', message: 'there is no note zz', retriable: false, status: 404, requestId: 'req-nf' },
    });
  });

  it('an unexpected throw is a 500 internal with the request id and without the thrown message, which goes to the log', async () => {
    const { answer, runner } = await call(
      { handler: 'crash', method: 'POST', path: '/crash', requestId: 'req-crash' },
      { secrets: { apiKey: 'sk-live-123' } },
    );
    expect(answer.status).toBe(500);
    expect(answer.json).toMatchObject({
      error: { code: 'internal', retriable: false, status: 500, requestId: 'req-crash' },
    });
    expect(answer.text).not.toContain('sk-live-123');
    expect(answer.text).not.toContain('upstream refused');
    expect(runner.logs).toContainEqual({
      level: 3,
      message: expect.stringContaining('unexpected error in crash: Error: upstream refused key sk-live-123'),
    });
  });

  it('a denied capability thrown by a host call becomes its envelope (403 capability_denied)', async () => {
    const { answer } = await call(
      { handler: 'getCounter', path: '/counter', requestId: 'req-denied' },
      { grants: ['log'] },
    );
    expect(answer).toMatchObject({
      status: 403,
      json: {
        error: { code: 'capability_denied', requestId: 'req-denied', message: expect.stringContaining('storage.kv') },
      },
    });
  });

  it('an egress refusal is 403 egress_denied; an allowed upstream answer of any status is data', async () => {
    const denied = await call({ handler: 'weather', path: '/weather' });
    expect(denied.answer).toMatchObject({ status: 403, json: { error: { code: 'egress_denied' } } });
    const allowed = await call(
      { handler: 'weather', path: '/weather' },
      {
        egress: ['https://api.weather.example'],
        fetch: (request) => ({ status: 503, body: `busy ${request.headers['accept']}` }),
      },
    );
    expect(allowed.answer.json).toEqual({ upstreamStatus: 503, body: 'busy application/json' });
    expect(allowed.runner.calls).toEqual([
      {
        fn: 'http_fetch',
        args: { method: 'GET', url: 'https://api.weather.example/now', headers: { accept: 'application/json' } },
      },
    ]);
  });

  it('a host failure keeps the runner code and retriable flag (quota_exceeded → 429)', async () => {
    const runner = createFakeRunner();
    runner.failNext('kv_get', 'quota_exceeded', 'the namespace is full');
    const answer = await callHandle(await fixture.load(runner), { handler: 'getCounter', path: '/counter' });
    expect(answer).toMatchObject({
      status: 429,
      json: { error: { code: 'quota_exceeded', message: 'the namespace is full', retriable: false } },
    });
  });
});

describe('host calls', () => {
  it('kv.put with a stale ifRevision answers a conflict as a value, not an error', async () => {
    const request = { handler: 'putNote', method: 'PUT' as const, pattern: '/notes/:id', params: { id: 'a' } };
    const created = await call({ ...request, body: { title: 'first', ifRevision: 0 } });
    expect(created.answer).toMatchObject({ status: 200, json: { saved: true, revision: 2 } });
    const stale = await call({ ...request, body: { title: 'second', ifRevision: 0 } }, { kv: { 'note:a': 'first' } });
    expect(stale.answer).toMatchObject({ status: 200, json: { saved: false, conflict: true } });
    expect(stale.runner.kv.get('note:a')).toEqual({ value: 'first', revision: 1 });
    expect(stale.runner.calls).toEqual([{ fn: 'kv_put', args: { key: 'note:a', value: 'second', ifRevision: 0 } }]);
  });

  it('the author turns a conflict into the answer they choose (409 version_conflict)', async () => {
    const { answer } = await call(
      { handler: 'increment', method: 'POST', path: '/counter', body: { by: 1, ifRevision: 7 } },
      { kv: { counter: '1' } },
    );
    expect(answer).toMatchObject({ status: 409, json: { error: { code: 'version_conflict' } } });
  });

  it('user.get and secrets.get answer values, null when absent', async () => {
    const withBoth = await call(
      { handler: 'whoami', path: '/me' },
      { user: { id: 'u-7', displayName: 'Ada' }, secrets: { apiKey: 'k' } },
    );
    expect(withBoth.answer.json).toEqual({ user: { id: 'u-7' }, hasApiKey: true });
    const withNeither = await call({ handler: 'whoami', path: '/me', grants: ['secrets.read'] });
    expect(withNeither.answer.json).toEqual({ user: null, hasApiKey: false });
  });
});
