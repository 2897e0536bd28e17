// `@extsys/runner/testing`: how a handler author tests a BUILT bundle folder in the real runner,
// in-process — pack the folder, put it in a store folder, start the runner, and call
// POST /v1/execute the way the gateway does (no gateway, no token, no signature: the handler is
// what is under test).
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packBundle, writeToStoreFolder } from '@extsys/bundle';
import {
  EXECUTE_FRAME_CONTENT_TYPE,
  decodeFrame,
  encodeFrame,
  matchEndpoint,
  parseQuery,
  type ExecuteRequest,
  type ExecuteResponse,
  type Manifest,
} from '@extsys/protocol';
import { loadConfig } from '../config.js';
import { createRunner } from '../server.js';

const SERVICE_TOKEN = 'extsys-test-runner-service-token-0123456789';

export interface Call {
  method?: ExecuteRequest['http']['method'];
  /** The API path as a client calls it, e.g. `/notes/1` or `/notes?tag=a`: routed like the gateway routes it. */
  path: string;
  /**
   * Overrides of the routing, for calls the gateway would never make: the manifest pattern, its
   * params and the `handler` sent as `route.handler`. Default: what the gateway's matcher finds for
   * the method and path in the manifest.
   */
  pattern?: string;
  handler?: string;
  params?: Record<string, string>;
  /** Added to the query of `path`. */
  query?: Record<string, string[]>;
  headers?: Record<string, string>;
  body?: string;
  tenantId?: string;
  grants?: ExecuteRequest['grants'];
  egress?: string[];
  config?: ExecuteRequest['config'];
  /** The install's secrets (default none). */
  secrets?: ExecuteRequest['secrets'];
  user?: ExecuteRequest['user'];
}

export interface Answer {
  status: number;
  headers: ExecuteResponse['headers'];
  /** The body as text, and parsed (`null` when empty). */
  text: string;
  json: unknown;
  logs: ExecuteResponse['logs'];
  requestId: string;
}

export interface TestRunner {
  call(call: Call): Promise<Answer>;
  close(): Promise<void>;
}

/** Sent for a call outside the manifest's endpoints, which the runner refuses (`endpoint_not_found`) anyway. */
const NO_ENDPOINT_HANDLER = 'h';

/**
 * The route the gateway would send for `method path`: the manifest endpoint its matcher finds
 * (`DELETE /notes/1` → `DELETE /notes/:id` with `{id: '1'}`), unless the call overrides it.
 * A call the gateway would refuse is refused here the same way, naming what the manifest declares.
 */
function routeOf(manifest: Manifest, method: string, path: string, c: Call): ExecuteRequest['route'] {
  const endpoints = manifest.api?.endpoints ?? [];
  if (c.pattern !== undefined) {
    const declared = endpoints.find((e) => e.method === method && e.path === c.pattern);
    return {
      handler: c.handler ?? declared?.handler ?? NO_ENDPOINT_HANDLER,
      pattern: c.pattern,
      params: c.params ?? {},
    };
  }
  const matched = matchEndpoint(endpoints, method, path);
  if (!matched) {
    const declared = endpoints.map((e) => `${e.method} ${e.path}`).join(', ') || 'none';
    throw new Error(
      `${method} ${path} matches no endpoint of ${manifest.name}'s manifest, so the gateway would answer 404 endpoint_not_found (declared: ${declared}) [endpoint_not_found]`,
    );
  }
  return {
    handler: c.handler ?? matched.endpoint.handler,
    pattern: matched.endpoint.path,
    params: { ...matched.params, ...c.params },
  };
}

/** The path's query string with the call's extra `query` values after its own. */
function withExtraQuery(search: string, extra: Record<string, string[]> = {}): string {
  const more = new URLSearchParams(Object.entries(extra).flatMap(([name, values]) => values.map((v) => [name, v])));
  return [search, more.toString()].filter(Boolean).join('&');
}

/**
 * Starts a runner on a free loopback port serving `bundleDir` (a folder with `manifest.json`, as
 * the build writes it). `editManifest` changes the staged copy's manifest (as the demo does when it
 * rewrites the `http.allow` origin to where it serves the API). Close it after the tests.
 */
export async function startTestRunner(
  bundleDir: string,
  editManifest: (manifest: Record<string, unknown>) => void = () => undefined,
): Promise<TestRunner> {
  if (!existsSync(join(bundleDir, 'manifest.json'))) {
    throw new Error(`${bundleDir} is not built: run \`npm run build\` in the example first`);
  }
  const work = await mkdtemp(join(tmpdir(), 'extsys-test-runner-'));
  const staged = join(work, 'bundle');
  await cp(bundleDir, staged, { recursive: true });
  const written = JSON.parse(await readFile(join(staged, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  editManifest(written);
  await writeFile(join(staged, 'manifest.json'), JSON.stringify(written, null, 2));
  const packed = await packBundle(staged);
  const manifest: Manifest = packed.manifest;
  await writeToStoreFolder(join(work, 'store'), packed);
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    BUNDLE_STORE: join(work, 'store'),
    BUNDLE_CACHE_DIR: join(work, 'cache'),
    KV_DB_PATH: ':memory:',
    REQUIRE_SIGNATURES: 'false', // the demo and production sign; this test checks the handler
    RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
    ENGINE_WORKERS: '1',
    EGRESS_ALLOW_PRIVATE_NETWORKS: 'true', // a test upstream on loopback
  });
  const runner = await createRunner(config);
  await runner.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(runner.app.server.address() as AddressInfo).port}`;
  let n = 0;

  async function call(c: Call): Promise<Answer> {
    const method = c.method ?? 'GET';
    const [path = '/', search = ''] = c.path.split('?', 2);
    const route = routeOf(manifest, method, path, c);
    const requestId = `req-test-${++n}`;
    const request: ExecuteRequest = {
      context: {
        requestId,
        tenantId: c.tenantId ?? 'tenant-a',
        extensionId: manifest.name,
        installId: 'install-1',
        contentHash: packed.contentHash,
        version: manifest.version,
      },
      route,
      http: { method, path, query: parseQuery(withExtraQuery(search, c.query)), headers: c.headers ?? {} },
      limits: { timeoutMs: 5000 },
      grants: c.grants ?? manifest.capabilities,
      egress: c.egress ?? manifest.http?.allow ?? [],
      config: c.config ?? {},
      secrets: c.secrets ?? {},
      ...(c.user ? { user: c.user } : {}),
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
    return {
      status: header.status,
      headers: header.headers,
      text,
      json: text === '' ? null : JSON.parse(text),
      logs: header.logs,
      requestId,
    };
  }

  return {
    call,
    close: async () => {
      await runner.app.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
