// @vitest-environment node
// The BUILT handler (dist/bundle/handler/handler.js, js@1) in the real runner
// (@extsys/runner/testing): QuickJS in wasm, KV, user and egress for real. `npm run build` first.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRunner, type TestRunner } from '@extsys/runner/testing';

/** Every error envelope carries the call's request id (the test runner's are `req-test-<n>`). */
const aTestRequestId: unknown = expect.stringMatching(/^req-test-/);

let runner: TestRunner;
let quoteApi: Server;
let quoteOrigin: string;

beforeAll(async () => {
  quoteApi = createServer((req, res) => {
    const answers: Record<string, [number, string]> = {
      '/quote': [
        200,
        JSON.stringify({ text: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra' }),
      ],
      '/down/quote': [503, 'maintenance'],
      '/not-json/quote': [200, '<html>'],
      '/wrong-shape/quote': [200, JSON.stringify({ text: 'no author' })],
    };
    const [status, body] = answers[req.url ?? ''] ?? [404, ''];
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
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

  it('logs each increment with the tenant', async () => {
    const answer = await runner.call({ method: 'POST', path: '/counter/increment', tenantId: 'tenant-log' });
    expect(answer.json).toEqual({ count: 1 });
    expect(answer.logs).toEqual([
      expect.objectContaining({ level: 'info', message: 'counter of tenant tenant-log is now 1' }),
    ]);
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
    expect(answer).toMatchObject({
      status: 400,
      json: { error: { code: 'validation_failed', retriable: false, requestId: aTestRequestId } },
    });
  });

  it('answers 400 for an empty body and for JSON nested deeper than 64 levels', async () => {
    const headers = { 'content-type': 'application/json' };
    for (const body of ['', `${'['.repeat(65)}${']'.repeat(65)}`]) {
      const answer = await runner.call({ method: 'POST', path: '/echo', headers, body });
      expect(answer).toMatchObject({ status: 400, json: { error: { code: 'validation_failed' } } });
    }
    const deepestAccepted = `${'['.repeat(64)}${']'.repeat(64)}`;
    expect(await runner.call({ method: 'POST', path: '/echo', headers, body: deepestAccepted })).toMatchObject({
      status: 200,
    });
  });

  it('answers 415 for a body that is not sent as application/json', async () => {
    const answer = await runner.call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'text/plain' },
      body: '{"message":"hi"}',
    });
    expect(answer).toMatchObject({
      status: 415,
      json: { error: { code: 'unsupported_media_type', requestId: aTestRequestId } },
    });
  });

  it('echoes user null for a call without a user', async () => {
    const answer = await runner.call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body: '"just a string"',
    });
    expect(answer).toMatchObject({
      status: 200,
      json: { received: 'just a string', user: null, tenantId: 'tenant-a' },
    });
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
    expect(answer.logs).toEqual([
      expect.objectContaining({ level: 'warn', message: 'quote API call refused: egress_denied' }),
    ]);
  });

  it.each([
    ['/down', 'the quote API answered 503'],
    ['/not-json', "the quote API's answer: is not valid JSON"],
    ['/wrong-shape', "the quote API's answer.author: is required"],
  ])('answers 502 bad_gateway (retriable) when the quote API at %s fails', async (prefix, message) => {
    const origin = `${quoteOrigin}${prefix}`;
    const answer = await runner.call({ path: '/quote', egress: [quoteOrigin], config: { quoteApiOrigin: origin } });
    expect(answer).toMatchObject({ status: 502, json: { error: { code: 'bad_gateway', retriable: true } } });
    expect((answer.json as { error: { message: string } }).error.message).toContain(message);
  });
});
