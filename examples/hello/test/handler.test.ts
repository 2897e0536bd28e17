// @vitest-environment node
// The built wasm handler in the real runner (@extsys/runner/testing): KV, user, egress for real.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRunner, type TestRunner } from '@extsys/runner/testing';

let runner: TestRunner;
let quoteApi: Server;
let quoteOrigin: string;

beforeAll(async () => {
  quoteApi = createServer((req, res) => {
    if (req.url === '/quote') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra' }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => quoteApi.listen(0, '127.0.0.1', resolve));
  quoteOrigin = `http://127.0.0.1:${(quoteApi.address() as AddressInfo).port}`;
  runner = await startTestRunner(fileURLToPath(new URL('../dist/bundle', import.meta.url)), (manifest) => {
    manifest['http'] = { allow: [quoteOrigin] }; // the test's quote API, on a free port
  });
}, 60_000);

afterAll(async () => {
  await runner?.close();
  await new Promise<void>((resolve) => quoteApi?.close(() => resolve()));
});

describe('hello handler in the real runner', () => {
  it('counts per tenant in KV', async () => {
    expect(await runner.call({ path: '/counter' })).toMatchObject({ status: 200, json: { count: 0 } });
    await runner.call({ method: 'POST', path: '/counter/increment' });
    expect(await runner.call({ method: 'POST', path: '/counter/increment' })).toMatchObject({ json: { count: 2 } });
    expect(await runner.call({ path: '/counter' })).toMatchObject({ json: { count: 2 } });
    expect(await runner.call({ path: '/counter', tenantId: 'tenant-b' })).toMatchObject({ json: { count: 0 } });
  });

  it('echoes a JSON body with the user', async () => {
    const answer = await runner.call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body: '{"message":"hi ✓","n":[1,2]}',
      user: { id: 'u-ada', displayName: 'Ada' },
    });
    expect(answer).toMatchObject({
      status: 200,
      json: {
        received: { message: 'hi ✓', n: [1, 2] },
        user: { id: 'u-ada', displayName: 'Ada' },
        tenantId: 'tenant-a',
      },
    });
  });

  it('answers 400 validation_failed (not a trap) for a body that is not JSON', async () => {
    const answer = await runner.call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body: '{"oops"',
    });
    expect(answer).toMatchObject({ status: 400, json: { error: { code: 'validation_failed', retriable: false } } });
  });

  it('fetches a quote from the configured, allow-listed origin', async () => {
    const answer = await runner.call({
      path: '/quote',
      egress: [quoteOrigin],
      config: { quoteApiOrigin: quoteOrigin },
    });
    expect(answer).toMatchObject({
      status: 200,
      json: { text: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra', source: quoteOrigin },
    });
  });

  it('reports a refused egress with the runner code', async () => {
    const answer = await runner.call({ path: '/quote', egress: [], config: { quoteApiOrigin: quoteOrigin } });
    expect(answer).toMatchObject({ status: 403, json: { error: { code: 'egress_denied' } } });
  });
});
