// @extsys/runner/testing sends `route.handler` as the gateway would: a js@1 handler dispatches on
// it, so a test that calls `/notes/:id` must reach the endpoint the manifest names for it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRunner, type TestRunner } from '../src/testing/index.js';

/** A plain js@1 module that answers the route it was called with. */
const ROUTE_ECHO_MODULE = `export function handle(request) {
  const { route, http } = JSON.parse(request);
  return { header: JSON.stringify({ status: 200, headers: { 'content-type': 'application/json' } }), body: JSON.stringify({ ...route, path: http.path, query: http.query }) };
}
`;

let bundleDir: string;
let runner: TestRunner;

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'extsys-test-runner-test-'));
  await mkdir(join(bundleDir, 'handler'));
  await writeFile(join(bundleDir, 'handler/handler.js'), ROUTE_ECHO_MODULE);
  const manifest = {
    manifestVersion: 2,
    name: 'com.acme.routes',
    publisher: 'Acme',
    version: '1.0.0',
    runtime: 'js@1',
    capabilities: [],
    api: {
      module: 'handler/handler.js',
      endpoints: [
        { method: 'GET', path: '/notes/:id', handler: 'getNote' },
        { method: 'PUT', path: '/notes/:id', handler: 'putNote' },
        { method: 'DELETE', path: '/notes/:id', handler: 'deleteNote' },
      ],
    },
  };
  await writeFile(join(bundleDir, 'manifest.json'), JSON.stringify(manifest));
  runner = await startTestRunner(bundleDir);
}, 60_000);

afterAll(async () => {
  await runner?.close();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

describe('startTestRunner: routing', () => {
  it('routes a concrete path to its manifest pattern by itself, as the gateway does', async () => {
    expect(await runner.call({ method: 'DELETE', path: '/notes/1?force=true&force=no' })).toMatchObject({
      json: { handler: 'deleteNote', pattern: '/notes/:id', params: { id: '1' } },
    });
    expect(await runner.call({ path: '/notes/a%20b' })).toMatchObject({
      json: { handler: 'getNote', params: { id: 'a b' } },
    });
  });

  it('passes the query of the path, as the gateway does', async () => {
    const answer = await runner.call({ path: '/notes/n1?tag=a&tag=b', query: { page: ['2'] } });
    expect(answer.json).toMatchObject({ query: { tag: ['a', 'b'], page: ['2'] }, path: '/notes/n1' });
  });

  it('refuses a path no endpoint declares with the gateway’s endpoint_not_found and the declared endpoints', async () => {
    await expect(runner.call({ method: 'POST', path: '/notes/1' })).rejects.toThrow(
      /POST \/notes\/1 matches no endpoint.*declared: GET \/notes\/:id, PUT \/notes\/:id, DELETE \/notes\/:id.*endpoint_not_found/,
    );
  });

  it('is the handler of the manifest endpoint with the call’s method and pattern', async () => {
    const params = { id: 'n1' };
    expect(await runner.call({ path: '/notes/n1', pattern: '/notes/:id', params })).toMatchObject({
      json: { handler: 'getNote', pattern: '/notes/:id', params },
    });
    expect(await runner.call({ method: 'PUT', path: '/notes/n1', pattern: '/notes/:id', params })).toMatchObject({
      json: { handler: 'putNote' },
    });
  });

  it('is the one given, when the call names it', async () => {
    const answer = await runner.call({ path: '/notes/n1', pattern: '/notes/:id', handler: 'putNote' });
    expect(answer.json).toMatchObject({ handler: 'putNote' });
  });

  it('does not make an undeclared endpoint callable: the runner refuses it, as the gateway would', async () => {
    await expect(runner.call({ method: 'POST', path: '/notes/n1', pattern: '/notes/:id' })).rejects.toThrow(
      /404.*endpoint_not_found/,
    );
  });
});
