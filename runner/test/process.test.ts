import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keygen,
  packAndSign,
  publish,
  tempDir,
  typicalUi,
  writeExtension,
  type PackedBundle,
} from './support/bundles.js';
import { rawRequest } from './support/http.js';

const MAIN = resolve(import.meta.dirname, '../dist/main.js');
const BIG = 8 * 1024 * 1024;

let work: string;
let bundle: PackedBundle;
let trust: string;
let child: ChildProcess | undefined;

/** Starts `node runner/dist/main.js` as an operator would, and waits for its listening log line. */
function startProcess(env: Record<string, string>): Promise<{ url: string; process: ChildProcess }> {
  const proc = spawn(process.execPath, [MAIN], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env } });
  child = proc;
  return new Promise((resolvePromise, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolvePromise({ url: match[1], process: proc });
    });
    proc.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`runner exited with ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  work = await tempDir('process');
  const keys = await keygen(join(work, 'keys'), 'release');
  trust = keys.trust;
  await writeExtension(join(work, 'src'), {
    name: 'com.acme.hello',
    files: { ...typicalUi(), 'ui/big.bin': new Uint8Array(BIG).fill(7) },
  });
  bundle = await packAndSign(join(work, 'src'), work, keys.key);
  await publish(join(work, 'store'), bundle);
});

afterAll(() => {
  child?.kill('SIGKILL');
});

describe('the runner process', () => {
  it('exits non-zero with one clear line when misconfigured', async () => {
    const proc = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: 'eighty' } });
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise((r) => proc.on('exit', r));
    expect(code).toBe(1);
    expect(err.trim()).toBe('runner configuration: PORT: must be a whole number, got "eighty"');
  });

  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    const { url, process: proc } = await startProcess({
      BUNDLE_STORE: join(work, 'store'),
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      SIGNING_TRUST_BUNDLE: trust,
      LOG_LEVEL: 'info',
      KV_DB_PATH: join(work, 'kv.sqlite'),
    });
    expect((await rawRequest(url, '/healthz')).status).toBe(200);
    const { port } = new URL(url);
    const received = await new Promise<number>((resolveBody, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: `/ext-ui/com.acme.hello/${bundle.contentHash}/big.bin` },
        (res) => {
          let bytes = 0;
          res.once('data', (chunk: Buffer) => {
            bytes += chunk.length;
            // The download has started: stop the runner now, while it is in flight, then read slowly.
            res.pause();
            proc.kill('SIGTERM');
            setTimeout(() => res.resume(), 300);
            res.on('data', (more: Buffer) => (bytes += more.length));
          });
          res.on('end', () => resolveBody(bytes));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toBe(BIG);
    const code = await new Promise((r) => (proc.exitCode === null ? proc.on('exit', r) : r(proc.exitCode)));
    expect(code).toBe(0);
    await expect(rawRequest(url, '/healthz')).rejects.toThrow();
  });
});
