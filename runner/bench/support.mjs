// What the runner's benchmarks share: a signed bundle store of test extensions, the /v1/execute
// frame the gateway would send, a started runner process, and one timed POST.
import { spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  generateSigningKey,
  packBundle,
  serializeSignature,
  signBundle,
  trustBundleFile,
  writeToStoreFolder,
} from '@extsys/bundle';
import { encodeFrame } from '@extsys/protocol';
import { JS_BENCH_HANDLER } from './js-handler.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = resolve(here, '../../packages/handler-sdk/fixtures/dist');
export const TOKEN = 'bench-service-token-0123456789abcdef';

/** `--name value` from the command line, or the fallback. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};

/** A temporary folder with a signing key, its trust bundle and a bundle store. */
export async function benchStore(prefix) {
  const work = await mkdtemp(join(tmpdir(), `extsys-bench-${prefix}-`));
  const key = generateSigningKey();
  await writeFile(
    join(work, 'trust.json'),
    JSON.stringify(trustBundleFile([{ name: 'bench', publicKey: createPublicKey(key.privateKeyPem) }])),
  );
  /**
   * Packs, signs and stores an extension whose handler is the fixture `handler` (wasm@1), or the
   * js@1 bench module when `handler` is 'js'; `endpoints` are [method, path] pairs. Returns its hash.
   */
  async function publish(name, handler, endpoints, capabilities = ['log', 'storage.kv']) {
    const dir = join(work, 'src', name);
    const js = handler === 'js';
    const module = js ? 'handler/handler.js' : 'handler/handler.wasm';
    await mkdir(join(dir, 'handler'), { recursive: true });
    await writeFile(join(dir, module), js ? JS_BENCH_HANDLER : await readFile(join(FIXTURES, handler)));
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({
        manifestVersion: 2,
        name,
        publisher: 'Bench',
        version: '1.0.0',
        runtime: js ? 'js@1' : 'wasm@1',
        capabilities,
        api: { module, endpoints: endpoints.map(([method, path]) => ({ method, path, handler: 'h' })) },
      }),
    );
    const packed = await packBundle(dir);
    await writeToStoreFolder(
      join(work, 'store'),
      packed,
      serializeSignature(signBundle(packed.bytes, key.privateKeyPem)),
    );
    return packed.contentHash;
  }
  return { work, publish };
}

/** The frame of one GET call, as the gateway sends it. */
export const executeFrame = ({
  contentHash,
  extensionId,
  tenantId = 'tenant-bench',
  path,
  pattern,
  params = {},
  timeoutMs = 5000,
  grants = ['log', 'storage.kv'],
}) =>
  encodeFrame({
    context: { requestId: 'req_bench', tenantId, extensionId, installId: 'inst_1', contentHash, version: '1.0.0' },
    route: { handler: 'h', pattern, params },
    http: { method: 'GET', path, query: {}, headers: {} },
    limits: { timeoutMs },
    grants,
    egress: [],
    config: {},
    secrets: {},
  });

/** Starts `node dist/main.js` on `port` over the bench store; resolves once it answers /healthz. */
export async function startBenchRunner(work, port, env = {}, nodeArgs = []) {
  const runner = spawn(process.execPath, [...nodeArgs, resolve(here, '../dist/main.js')], {
    stdio: 'ignore',
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      BUNDLE_STORE: join(work, 'store'),
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      KV_DB_PATH: join(work, 'kv.sqlite'),
      SIGNING_TRUST_BUNDLE: join(work, 'trust.json'),
      RUNNER_SERVICE_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  process.on('exit', () => runner.kill('SIGKILL'));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return runner;
}

/** One POST /v1/execute: its status, its time and its bytes. */
export async function postExecute(port, frame) {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/v1/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.extsys.frame', authorization: `Bearer ${TOKEN}` },
    body: frame,
  });
  const body = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, ms: performance.now() - started, body };
}
