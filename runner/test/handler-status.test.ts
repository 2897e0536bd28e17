// A handler may only answer a final status (200-599, FinalHttpStatus): a 1xx made the gateway write
// `HTTP/1.1 101 Switching Protocols` on the host's origin and never a final answer (issue #22).
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keygen, packAndSign, publish, tempDir, type PackedBundle } from './support/bundles.js';
import { SERVICE_TOKEN, execute } from './support/execute.js';
import { startRunner, type StartedRunner } from './support/runner.js';

const FIXTURES = resolve(import.meta.dirname, '../../packages/handler-sdk/fixtures/dist');

let runner: StartedRunner;
let anyStatus: PackedBundle;

beforeAll(async () => {
  const work = await tempDir('status');
  const keys = await keygen(join(work, 'keys'), 'release');
  const dir = join(work, 'any-status');
  await mkdir(join(dir, 'handler'), { recursive: true });
  await copyFile(join(FIXTURES, 'any-status.wasm'), join(dir, 'handler/handler.wasm'));
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name: 'com.acme.any-status',
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'wasm@1',
      capabilities: [],
      api: { module: 'handler/handler.wasm', endpoints: [{ method: 'GET', path: '/status', handler: 'h' }] },
    }),
  );
  anyStatus = await packAndSign(dir, work, keys.key);
  const store = join(work, 'store');
  await publish(store, anyStatus);
  runner = await startRunner({
    BUNDLE_STORE: store,
    BUNDLE_CACHE_DIR: join(work, 'cache'),
    SIGNING_TRUST_BUNDLE: keys.trust,
    RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
  });
}, 60_000);

afterAll(async () => {
  await runner?.close();
});

const answering = (status: number) =>
  execute(runner.url, {
    contentHash: anyStatus.contentHash,
    extensionId: 'com.acme.any-status',
    path: '/status',
    query: { status: [String(status)] },
    grants: [],
  });

describe('the status a handler answers', () => {
  it('passes a final status through (the control: the fixture really answers the status it is asked)', async () => {
    for (const status of [200, 418, 599]) {
      const result = await answering(status);
      expect(result.status, String(status)).toBe(200);
      expect(result.response?.status, String(status)).toBe(status);
    }
  });

  it('refuses an interim (1xx) or out-of-range status as 500 handler_trap', async () => {
    for (const status of [101, 103, 199, 600]) {
      const result = await answering(status);
      expect(result.status, String(status)).toBe(500);
      expect(result.response, String(status)).toBeUndefined();
      expect(result.error?.code, String(status)).toBe('handler_trap');
      expect(result.error?.message, String(status)).toContain('status');
    }
  });
});
