// The JSON test handler (fixtures/src/json.ts) in the real runner (@extsys/runner/testing), called
// the way the gateway calls POST /v1/execute: a client's bad body is a handler answer of 400 with
// the system's error envelope and the call's request id — not a trap the runner turns into a 500.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorResponse } from '@extsys/protocol/errors';
import { startTestRunner, type TestRunner } from '@extsys/runner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from './host.js';

let runner: TestRunner;
let bundle: string;

beforeAll(async () => {
  bundle = await mkdtemp(join(tmpdir(), 'handler-sdk-json-'));
  await mkdir(join(bundle, 'handler'));
  await copyFile(fixturePath('json'), join(bundle, 'handler', 'handler.wasm'));
  const paths = ['/note', '/notes', '/any', '/unsafe'];
  const manifest = {
    manifestVersion: 2,
    name: 'com.acme.json',
    publisher: 'Acme',
    version: '1.0.0',
    runtime: 'wasm@1',
    capabilities: ['log'],
    api: { module: 'handler/handler.wasm', endpoints: paths.map((path) => ({ method: 'POST', path, handler: 'h' })) },
  };
  await writeFile(join(bundle, 'manifest.json'), JSON.stringify(manifest));
  runner = await startTestRunner(bundle);
}, 60_000);

afterAll(async () => {
  await runner?.close();
  if (bundle) await rm(bundle, { recursive: true, force: true });
});

const post = (path: string, body: string) =>
  runner.call({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body });

describe('Request.json<T>() in the real runner', () => {
  it.each([
    ['malformed', '/note', '{"title": "x"', 'the body is not valid JSON'],
    ['not JSON at all', '/note', 'title=x', 'the body is not valid JSON'],
    ['empty', '/note', '', 'the body is empty'],
    ['an array for an object', '/note', '[{"title":"x"}]', 'the body must be an object, not an array'],
    ['a string for an object', '/note', '"x"', 'the body must be an object, not a string'],
    ['a string for a number field', '/note', '{"stars":"5"}', 'the body: stars must be an integer, not a string'],
    [
      'a fraction for an integer field',
      '/note',
      '{"stars":2.5}',
      'the body: stars must be an integer from -2147483648 to 2147483647 (no fraction or exponent)',
    ],
    [
      'a number for a string in an array',
      '/notes',
      '[{"tags":["a",1]}]',
      'the body: [0].tags[1] must be a string, not a number',
    ],
    ['huge nesting', '/any', '['.repeat(100_000), 'the body nests arrays and objects deeper than 64 levels'],
    [
      'deep nesting',
      '/any',
      `${'['.repeat(65)}${']'.repeat(65)}`,
      'the body nests arrays and objects deeper than 64 levels',
    ],
  ])('%s → 400 validation_failed with the request id', async (_what, path, body, message) => {
    const answer = await post(path, body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: {
        code: 'validation_failed',
        message,
        retriable: false,
        status: 400,
        requestId: expect.stringMatching(/^req-test-\d+$/) as unknown,
      },
    });
    expect(ErrorResponse.safeParse(answer.json).success).toBe(true);
  });

  it('answers the parsed value for good bodies', async () => {
    const note = {
      title: 'C:\\ "quoted" 😀',
      tags: ['a', 'b\\'],
      stars: 3,
      author: { name: 'Ada', karma: 1 },
      coauthors: [{ name: 'Grace', karma: 2 }],
    };
    expect(await post('/note', JSON.stringify(note))).toMatchObject({ status: 200, json: note });
    expect(await post('/notes', `[${JSON.stringify(note)}, {}]`)).toMatchObject({
      status: 200,
      json: [note, { title: '', tags: [], stars: 0 }],
    });
    expect(await post('/any', ' {"a":[1,"x",null,true]} ')).toMatchObject({
      status: 200,
      json: { a: [1, 'x', null, true] },
    });
  });

  it('for contrast, json-as alone traps on the same body: the runner can only answer 500 handler_trap', async () => {
    await expect(post('/unsafe', '[{"title":"x"}]')).rejects.toThrow(/\(500\).*handler_trap/);
  });
});
