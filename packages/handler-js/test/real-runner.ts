// A built handler in the real runner (js@1: QuickJS in wasm), called the way the gateway calls
// POST /v1/execute — with the route's handler name, which @extsys/runner/testing does not set.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packBundle, storeKeys } from '@extsys/bundle';
import {
  EXECUTE_FRAME_CONTENT_TYPE,
  decodeFrame,
  encodeFrame,
  type ExecuteRequest,
  type ExecuteResponse,
  type ManifestEndpoint,
} from '@extsys/protocol';
import { createRunner, loadConfig } from '@extsys/runner';

const SERVICE_TOKEN = 'extsys-handler-js-test-service-token-0123456789';

export interface RunnerCall {
  endpoint: ManifestEndpoint;
  path?: string;
  params?: Record<string, string>;
  query?: Record<string, string[]>;
  body?: string;
  secrets?: Record<string, string>;
}

export interface RunnerAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
  logs: ExecuteResponse['logs'];
  requestId: string;
}

export interface RealRunner {
  call(call: RunnerCall): Promise<RunnerAnswer>;
  close(): Promise<void>;
}

/** Packs `module` with `endpoints` into a js@1 bundle and starts a runner serving it on loopback. */
export async function startRealRunner(module: string, endpoints: ManifestEndpoint[]): Promise<RealRunner> {
  const work = await mkdtemp(join(tmpdir(), 'extsys-handler-js-runner-'));
  const source = join(work, 'extension');
  await mkdir(join(source, 'handler'), { recursive: true });
  await writeFile(join(source, 'handler/handler.js'), module);
  const manifest = {
    manifestVersion: 2,
    name: 'com.acme.notes',
    publisher: 'Acme',
    version: '1.0.0',
    runtime: 'js@1',
    capabilities: ['log', 'storage.kv', 'secrets.read', 'user.read'],
    api: { module: 'handler/handler.js', endpoints },
  };
  await writeFile(join(source, 'manifest.json'), JSON.stringify(manifest));
  const packed = await packBundle(source); // also checks the endpoints against the module's contract
  const keys = storeKeys(packed.contentHash);
  await mkdir(join(work, 'store', 'sha256'), { recursive: true });
  await writeFile(join(work, 'store', keys.bundle), packed.bytes);
  const runner = await createRunner(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      BUNDLE_STORE: join(work, 'store'),
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      KV_DB_PATH: ':memory:',
      REQUIRE_SIGNATURES: 'false', // the handler is under test, not the signature
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      ENGINE_WORKERS: '1',
    }),
  );
  await runner.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(runner.app.server.address() as AddressInfo).port}`;
  let n = 0;

  async function call(c: RunnerCall): Promise<RunnerAnswer> {
    const requestId = `req-real-${++n}`;
    const params = c.params ?? {};
    const request: ExecuteRequest = {
      context: {
        requestId,
        tenantId: 'tenant-a',
        extensionId: manifest.name,
        installId: 'install-1',
        contentHash: packed.contentHash,
        version: manifest.version,
      },
      route: { handler: c.endpoint.handler, pattern: c.endpoint.path, params },
      http: {
        method: c.endpoint.method,
        path: c.path ?? c.endpoint.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? '')),
        query: c.query ?? {},
        headers: c.body === undefined ? {} : { 'content-type': 'application/json' },
      },
      limits: { timeoutMs: 5000 },
      grants: packed.manifest.capabilities,
      egress: [],
      config: {},
      secrets: c.secrets ?? {},
      user: { id: 'u-7', displayName: 'Ada' },
    };
    const res = await fetch(`${url}/v1/execute`, {
      method: 'POST',
      headers: { 'content-type': EXECUTE_FRAME_CONTENT_TYPE, authorization: `Bearer ${SERVICE_TOKEN}` },
      body: Uint8Array.from(encodeFrame(request, new TextEncoder().encode(c.body ?? ''))),
    });
    const raw = new Uint8Array(await res.arrayBuffer());
    if (res.headers.get('content-type') !== EXECUTE_FRAME_CONTENT_TYPE) {
      throw new Error(`the runner refused the call (${res.status}): ${new TextDecoder().decode(raw)}`);
    }
    const frame = decodeFrame(raw);
    if (!frame.ok) throw new Error(frame.problem);
    const header = frame.header as ExecuteResponse;
    const text = new TextDecoder().decode(frame.body);
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: header.status, headers: header.headers, text, json, logs: header.logs, requestId };
  }

  return {
    call,
    close: async () => {
      await runner.app.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
