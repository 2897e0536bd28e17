// Two real runner processes (`node runner/dist/main.js`, as an operator starts them) on one
// PostgreSQL database: they migrate at once, share KV and idempotency records, a retry that lands on
// the other process replays, and the survivor of a SIGKILL serves the same state.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keygen, packAndSign, publish, tempDir, type PackedBundle } from './support/bundles.js';
import { SERVICE_TOKEN, execute, json, type Call } from './support/execute.js';
import { postgresBackend, type FreshDatabase } from './support/state-backends.js';

const MAIN = resolve(import.meta.dirname, '../dist/main.js');
const FIXTURES = resolve(import.meta.dirname, '../../packages/handler-sdk/fixtures/dist');
const PASSWORD = 'not-a-real-password-1234';

interface RunnerProcess {
  url: string;
  process: ChildProcess;
  output: () => string;
}

const children: ChildProcess[] = [];

/** Starts a runner process and waits for its listening line (or its exit, with what it printed). */
function startProcess(env: Record<string, string>): Promise<RunnerProcess> {
  const proc = spawn(process.execPath, [MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
  });
  children.push(proc);
  let out = '';
  return new Promise((resolvePromise, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolvePromise({ url: match[1], process: proc, output: () => out });
    });
    proc.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`runner exited with ${code}: ${out}`)));
  });
}

function exitOf(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  const proc = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '0', ...env } });
  children.push(proc);
  let err = '';
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  proc.stdout.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((r) => proc.on('exit', (code) => r({ code, err })));
}

const skip = postgresBackend.skip;

describe.skipIf(skip !== undefined)(
  `two runner processes on one PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let work: string;
    let counter: PackedBundle;
    let database: FreshDatabase;
    let env: (name: string) => Record<string, string>;

    beforeAll(async () => {
      work = await tempDir('process-replicas');
      const keys = await keygen(join(work, 'keys'), 'release');
      const dir = join(work, 'counter');
      await mkdir(join(dir, 'handler'), { recursive: true });
      await writeFile(
        join(dir, 'manifest.json'),
        JSON.stringify({
          manifestVersion: 2,
          name: 'com.acme.realistic',
          publisher: 'Acme',
          version: '1.0.0',
          runtime: 'wasm@1',
          capabilities: ['storage.kv'],
          api: {
            module: 'handler/handler.wasm',
            endpoints: [
              { method: 'GET', path: '/counter', handler: 'h' },
              { method: 'POST', path: '/counter', handler: 'h' },
            ],
          },
        }),
      );
      await copyFile(join(FIXTURES, 'realistic.wasm'), join(dir, 'handler/handler.wasm'));
      counter = await packAndSign(dir, work, keys.key);
      await publish(join(work, 'store'), counter);
      database = await postgresBackend.fresh();
      // The test server trusts loopback: the password is never checked, only kept out of the log.
      const url = new URL(database.env.DATABASE_URL!);
      url.password = PASSWORD;
      env = (name) => ({
        DATABASE_URL: url.toString(),
        DATABASE_POOL_MAX: '4',
        BUNDLE_STORE: join(work, 'store'),
        BUNDLE_CACHE_DIR: join(work, `cache-${name}`),
        SIGNING_TRUST_BUNDLE: keys.trust,
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
        ENGINE_WORKERS: '1',
        ENGINE_TENANT_MAX_QUEUE: '64', // the test's burst is one tenant's
        // No SQLite file may appear: the state is in PostgreSQL.
        KV_DB_PATH: join(work, `must-not-exist-${name}.sqlite`),
      });
    }, 60_000);

    afterAll(async () => {
      for (const child of children) child.kill('SIGKILL');
      await database?.drop();
    });

    const call = (url: string, extra: Partial<Call>) =>
      execute(url, { contentHash: counter.contentHash, method: 'POST', path: '/counter', ...extra });

    it('refuses a DATABASE_URL that is not PostgreSQL, in one line without its password', async () => {
      const { code, err } = await exitOf({ ...env('bad'), DATABASE_URL: `mysql://app:${PASSWORD}@db/extsys` });
      expect(code).toBe(1);
      expect(err.trim()).toBe(
        'runner configuration: DATABASE_URL must be a PostgreSQL URL, postgres://user:password@host:port/database (or postgresql://), got "mysql://app:***@db/extsys"; unset it to keep the state in the SQLite file KV_DB_PATH',
      );
    });

    it('does not start without its database, saying which (password hidden)', async () => {
      const { code, err } = await exitOf({
        ...env('down'),
        DATABASE_URL: `postgres://extsys:${PASSWORD}@127.0.0.1:1/nowhere`,
      });
      expect(code).toBe(1);
      expect(err.trim()).toMatch(
        /^runner start: the runner's database postgres:\/\/extsys:\*\*\*@127\.0\.0\.1:1\/nowhere cannot be prepared \(connect ECONNREFUSED 127\.0\.0\.1:1\); check DATABASE_URL and that PostgreSQL is up$/,
      );
      expect(err).not.toContain(PASSWORD);
    });

    it('share KV and idempotency records: a retry on the other process replays, the survivor of a SIGKILL counts on', async () => {
      const [a, b] = await Promise.all([startProcess(env('a')), startProcess(env('b'))]);
      for (const runner of [a, b]) {
        expect(runner.output()).toContain('runner state: PostgreSQL postgres://extsys:***@127.0.0.1');
        expect(runner.output()).not.toContain(PASSWORD);
      }
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(i % 2 ? a.url : b.url, { tenantId: 'tenant-p', idempotencyKey: `p-${i}`, requestId: `req_p${i}` }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      // Every key retried on the other process: replayed, byte for byte, nothing applied again.
      const retries = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(i % 2 ? b.url : a.url, { tenantId: 'tenant-p', idempotencyKey: `p-${i}`, requestId: `req_p${i}` }),
        ),
      );
      retries.forEach((retry, i) => {
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(Buffer.from(retry.raw).equals(Buffer.from(answers[i]!.raw))).toBe(true);
      });
      expect(existsSync(join(work, 'must-not-exist-a.sqlite'))).toBe(false);
      a.process.kill('SIGKILL');
      await new Promise((r) => a.process.once('exit', r));
      expect(json(await call(b.url, { tenantId: 'tenant-p', idempotencyKey: 'p-after' }))).toMatchObject({ count: 21 });
      expect(json(await call(b.url, { method: 'GET', tenantId: 'tenant-p' }))).toMatchObject({
        count: 21,
        revision: 21,
      });
      b.process.kill('SIGTERM');
      expect(await new Promise((r) => b.process.once('exit', r))).toBe(0);
    });
  },
);
