// The runner's state end to end, on SQLite and on PostgreSQL: a real handler (the realistic fixture's
// counter) through POST /v1/execute, on two runners sharing one database as two replicas do (for
// SQLite, one file; for PostgreSQL, one database and a pool each). A retry that lands on the other
// runner replays; increments spread over both are each applied exactly once.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keygen, packAndSign, publish, tempDir, type PackedBundle } from './support/bundles.js';
import { SERVICE_TOKEN, execute, json, type Call } from './support/execute.js';
import { startRunner, type StartedRunner } from './support/runner.js';
import { STATE_BACKENDS, backendTitle, type FreshDatabase, type StateBackend } from './support/state-backends.js';

const FIXTURES = resolve(import.meta.dirname, '../../packages/handler-sdk/fixtures/dist');

let work: string;
let trust: string;
let counter: PackedBundle;
let hostile: PackedBundle;

/** An extension tree whose handler is the fixture `wasm`, with GET/POST endpoints on `paths`. */
async function extension(dir: string, name: string, wasm: string, endpoints: [string, string][]) {
  await mkdir(join(dir, 'handler'), { recursive: true });
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name,
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'wasm@1',
      capabilities: ['log', 'storage.kv'],
      api: {
        module: 'handler/handler.wasm',
        endpoints: endpoints.map(([method, path]) => ({ method, path, handler: 'h' })),
      },
    }),
  );
  await copyFile(join(FIXTURES, wasm), join(dir, 'handler/handler.wasm'));
}

beforeAll(async () => {
  work = await tempDir('execute-state');
  const keys = await keygen(join(work, 'keys'), 'release');
  trust = keys.trust;
  await extension(join(work, 'counter'), 'com.acme.realistic', 'realistic.wasm', [
    ['GET', '/counter'],
    ['POST', '/counter'],
  ]);
  await extension(join(work, 'hostile'), 'com.acme.hostile', 'hostile.wasm', [
    ['GET', '/write-then-trap'],
    ['GET', '/write-then-loop'],
  ]);
  counter = await packAndSign(join(work, 'counter'), work, keys.key);
  hostile = await packAndSign(join(work, 'hostile'), work, keys.key);
  await publish(join(work, 'store'), hostile);
  await publish(join(work, 'store'), counter);
}, 60_000);

function executeStateSuite(backend: StateBackend) {
  describe.skipIf(backend.skip !== undefined)(
    backendTitle('counters through two runners on one database', backend),
    () => {
      let database: FreshDatabase;
      let a: StartedRunner;
      let b: StartedRunner;

      beforeAll(async () => {
        database = await backend.fresh();
        const env = (name: string) => ({
          ...database.env,
          BUNDLE_STORE: join(work, 'store'),
          BUNDLE_CACHE_DIR: join(work, `cache-${backend.name}-${name}`),
          SIGNING_TRUST_BUNDLE: trust,
          RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
          ENGINE_WORKERS: '2',
          ENGINE_TENANT_MAX_QUEUE: '64',
        });
        [a, b] = await Promise.all([startRunner(env('a')), startRunner(env('b'))]);
      }, 60_000);

      afterAll(async () => {
        await a?.close();
        await b?.close();
        await database?.drop();
      });

      const call = (runner: StartedRunner, extra: Partial<Call>) =>
        execute(runner.url, { contentHash: counter.contentHash, method: 'POST', path: '/counter', ...extra });

      it('keeps the state where the settings say', () => {
        expect(a.state.description).toMatch(backend.name === 'SQLite' ? /^SQLite \// : /^PostgreSQL postgres:\/\//);
      });

      it('counts per tenant with revisions, and one runner reads what the other wrote', async () => {
        expect(json(await call(a, { tenantId: 'tenant-1' }))).toMatchObject({ count: 1, revision: 1 });
        expect(json(await call(b, { tenantId: 'tenant-1' }))).toMatchObject({ count: 2, revision: 2 });
        expect(json(await call(b, { tenantId: 'tenant-2' }))).toMatchObject({ count: 1, revision: 1 });
        expect(json(await call(a, { method: 'GET', tenantId: 'tenant-1' }))).toMatchObject({ count: 2, revision: 2 });
      });

      it('applies increments spread over both runners exactly once each', async () => {
        const tenantId = 'tenant-spread';
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            call(i % 2 ? a : b, { tenantId, idempotencyKey: `spread-${i}`, requestId: `req_spread${i}` }),
          ),
        );
        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
        const counts = answers.map((answer) => json<{ count: number }>(answer).count).sort((x, y) => x - y);
        expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        expect(json(await call(b, { method: 'GET', tenantId }))).toMatchObject({ count: 30, revision: 30 });
      });

      it('replays on one runner the answer of a keyed call the other ran', async () => {
        const keyed = { tenantId: 'tenant-retry', idempotencyKey: 'order-7', requestId: 'req_order7' };
        const first = await call(a, keyed);
        const retry = await call(b, keyed);
        expect(first.headers.get('idempotent-replayed')).toBeNull();
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(Buffer.from(retry.raw).equals(Buffer.from(first.raw))).toBe(true);
        expect(json(await call(a, { method: 'GET', tenantId: 'tenant-retry' }))).toMatchObject({ count: 1 });
        const clash = await call(b, { ...keyed, method: 'GET' });
        expect(clash.status).toBe(409);
        expect(clash.error?.code).toBe('idempotency_conflict');
      });

      it('applies nothing of a call that trapped or ran past its deadline after writing', async () => {
        for (const path of ['/write-then-trap', '/write-then-loop']) {
          const failed = await execute(a.url, {
            contentHash: hostile.contentHash,
            extensionId: 'com.acme.hostile',
            path,
            tenantId: 'tenant-half',
            idempotencyKey: `half${path.replaceAll('/', '-')}`,
            timeoutMs: 300,
          });
          expect(failed.error?.code).toBe(path === '/write-then-trap' ? 'handler_trap' : 'timeout');
        }
        expect(await b.kv.get('tenant-half/com.acme.hostile', 'half-done')).toBeNull();
      });

      it('applies a key sent to both runners at once only once, and both get the same answer', async () => {
        const tenantId = 'tenant-twice';
        const pairs = await Promise.all(
          Array.from({ length: 8 }, (_, i) => {
            const keyed = { tenantId, idempotencyKey: `twice-${i}`, requestId: `req_twice${i}` };
            return Promise.all([call(a, keyed), call(b, keyed)]);
          }),
        );
        for (const [onA, onB] of pairs) {
          expect([onA.status, onB.status]).toEqual([200, 200]);
          expect(Buffer.from(onA.raw).equals(Buffer.from(onB.raw))).toBe(true);
        }
        expect(json(await call(a, { method: 'GET', tenantId }))).toMatchObject({ count: 8, revision: 8 });
      });
    },
  );
}

for (const backend of STATE_BACKENDS) executeStateSuite(backend);
