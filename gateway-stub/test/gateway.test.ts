import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SignJWT, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXECUTE_FRAME_CONTENT_TYPE, decodeFrame, type ExecuteRequest } from '@extsys/protocol';
import { createRunner, loadConfig as loadRunnerConfig } from '@extsys/runner';
import { createGateway, loadConfig, type Gateway } from '../src/index.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'packages/bundle/dist/cli.js');
const FIXTURES = join(ROOT, 'packages/handler-sdk/fixtures/dist');
const SERVICE_TOKEN = 'gateway-test-service-token-0123456789';
const ADMIN_TOKEN = 'gateway-test-admin-token-0123456789abc';
const RUNNER_ORIGIN = 'http://runner.example.test';

let work: string;
let gateway: Gateway;
let gatewayUrl: string;
let runnerApp: Awaited<ReturnType<typeof createRunner>>;
let capture: Server;
const seenByRunner: ExecuteRequest[] = [];
/** Every gateway log line, parsed; and the order of audit lines and runner calls, per request id. */
const logLines: Record<string, unknown>[] = [];
/** Every runner log line, parsed. */
const runnerLines: Record<string, unknown>[] = [];
const events: string[] = [];
const bundles: Record<string, { path: string; hash: string }> = {};

async function cli(...args: string[]) {
  return (await run(process.execPath, [CLI, ...args])).stdout;
}

let bundleCount = 0;
async function makeBundle(
  name: string,
  wasm: string,
  version: string,
  endpoints: [string, string][],
  capabilities: string[],
  key: string,
) {
  const tag = `${name}-${version}-${bundleCount++}`;
  const dir = join(work, 'src', tag);
  await mkdir(join(dir, 'handler'), { recursive: true });
  await copyFile(join(FIXTURES, wasm), join(dir, 'handler/handler.wasm'));
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name,
      publisher: 'Acme',
      version,
      runtime: 'wasm@1',
      capabilities,
      api: {
        module: 'handler/handler.wasm',
        endpoints: endpoints.map(([method, path]) => ({ method, path, handler: 'h' })),
      },
    }),
  );
  const out = join(work, `${tag}.bundle.tar`);
  await cli('pack', dir, '--out', out);
  await cli('sign', out, '--key', key);
  const hash = (JSON.parse(await cli('inspect', out, '--json')) as { contentHash: string }).contentHash;
  return { path: out, hash };
}

/** The JSON bodies these tests read (gateway answers and error envelopes). */
interface Json {
  error: { code: string; message: string; retriable: boolean; requestId?: string };
  token: string;
  install: { id: string };
  installs: { tenantId: string }[];
  keys: { d?: string }[];
  count: number;
}
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: () => Json;
}

function call(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Answer> {
  const url = new URL(gatewayUrl);
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolvePromise({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: () => JSON.parse(body.toString()) as Json,
        });
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function publish(bundle: { path: string }) {
  return call('POST', '/api/admin/bundles', {
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'content-type': 'application/vnd.extsys.bundle',
      'x-extsys-signature': Buffer.from(await readFile(`${bundle.path}.sig`)).toString('base64url'),
    },
    body: await readFile(bundle.path),
  });
}

async function login(userId: string): Promise<string> {
  const res = await call('POST', '/api/login', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: 'demo' }),
  });
  expect(res.status).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

async function tokenFor(cookie: string, extensionId: string): Promise<string> {
  const res = await call('POST', '/api/ext-token', {
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ extensionId }),
  });
  expect(res.status, res.body.toString()).toBe(200);
  return res.json().token;
}

let aliceCookie: string;
let carolCookie: string;
let helloToken: string;
const installs: Record<string, string> = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'extsys-gateway-'));
  await cli('keygen', '--out', join(work, 'keys'), '--name', 'release');
  const key = join(work, 'keys/release.key.pem');
  const trust = join(work, 'keys/release.trust.json');
  bundles.hello = await makeBundle(
    'com.acme.hello',
    'realistic.wasm',
    '1.0.0',
    [
      ['GET', '/counter'],
      ['POST', '/counter'],
      ['POST', '/echo'],
      ['GET', '/items/:id'],
      ['GET', '/whoami'],
      ['GET', '/secret-length'],
    ],
    ['log', 'storage.kv', 'secrets.read', 'user.read'],
    key,
  );
  bundles.hostile = await makeBundle(
    'com.acme.hostile',
    'hostile.wasm',
    '1.0.0',
    [
      ['GET', '/loop'],
      ['GET', '/trap'],
    ],
    ['log'],
    key,
  );
  bundles.hello2 = await makeBundle('com.acme.hello', 'realistic.wasm', '1.0.0', [['GET', '/counter']], ['log'], key);

  const store = join(work, 'store');
  await mkdir(store, { recursive: true });
  runnerApp = await createRunner(
    loadRunnerConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      BUNDLE_STORE: store,
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      SIGNING_TRUST_BUNDLE: trust,
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      KV_DB_PATH: ':memory:',
      ENGINE_WORKERS: '2',
    }),
    { logStream: { write: (line: string) => void runnerLines.push(JSON.parse(line) as Record<string, unknown>) } },
  );
  await runnerApp.app.listen({ host: '127.0.0.1', port: 0 });
  const runnerPort = (runnerApp.app.server.address() as AddressInfo).port;
  // A transparent recorder between gateway and runner: what the gateway really sends.
  capture = createServer((req, res) => {
    events.push(`runner ${String(req.headers['x-request-id'])}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const frame = decodeFrame(body);
      if (frame.ok) seenByRunner.push(frame.header as ExecuteRequest);
      const upstream = httpRequest(
        { host: '127.0.0.1', port: runnerPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));

  gateway = await createGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      GATEWAY_DATA_DIR: join(work, 'gateway'),
      BUNDLE_STORE: store,
      SIGNING_TRUST_BUNDLE: trust,
      RUNNER_URL: `http://127.0.0.1:${(capture.address() as AddressInfo).port}`,
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      RUNNER_PUBLIC_ORIGIN: RUNNER_ORIGIN,
      ADMIN_TOKEN,
      EXT_GATEWAY_MAX_BODY_BYTES: '65536',
      EXT_RATE_LIMIT_BURST: '40',
      EXT_RATE_LIMIT_PER_SECOND: '1',
    }),
    {
      logStream: {
        write(line: string) {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logLines.push(entry);
          if (typeof entry.audit === 'string') events.push(`${entry.audit} ${String(entry.requestId)}`);
        },
      },
    },
  );
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  gatewayUrl = `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`;

  expect((await publish(bundles.hello)).status).toBe(201);
  expect((await publish(bundles.hostile)).status).toBe(201);
  for (const [tenantId, extensionId, extra] of [
    ['acme', 'com.acme.hello', { secrets: { apiKey: 'acme-secret-123' } }],
    ['globex', 'com.acme.hello', { secrets: { apiKey: 'globex-secret-4567' } }],
    ['acme', 'com.acme.hostile', {}],
  ] as const) {
    const res = await call('POST', '/api/admin/installs', {
      headers: admin,
      body: JSON.stringify({ tenantId, extensionId, version: '1.0.0', ...extra }),
    });
    expect(res.status, res.body.toString()).toBe(201);
    installs[`${tenantId}/${extensionId}`] = res.json().install.id;
  }
  aliceCookie = await login('alice');
  carolCookie = await login('carol');
  helloToken = await tokenFor(aliceCookie, 'com.acme.hello');
}, 120_000);

afterAll(async () => {
  await gateway?.app.close();
  await runnerApp?.app.close();
  // The gateway's feed of the runner's events (GET /v1/events) passes through the recorder too: its
  // aborted stream leaves a socket behind that a plain close would wait for.
  capture?.closeAllConnections();
  await new Promise<void>((r) => capture?.close(() => r()));
});

const api = (
  method: string,
  path: string,
  token = helloToken,
  extra: { headers?: Record<string, string>; body?: Buffer | string } = {},
) =>
  call(method, `/api/ext/com.acme.hello${path}`, {
    ...extra,
    headers: { authorization: `Bearer ${token}`, ...extra.headers },
  });

describe('the proxy round trip', () => {
  it('GET with params and query, through gateway, runner and wasm', async () => {
    const res = await api('GET', '/items/42?tag=a&tag=b&view=full');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: '42', view: 'full', tags: ['a', 'b'], handler: 'h' });
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers.vary)).toContain('Authorization');
  });

  it('POST JSON and binary bodies come back byte for byte', async () => {
    const json = await api('POST', '/echo', helloToken, {
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ada"}',
    });
    expect(json.status).toBe(200);
    expect(json.body.toString()).toBe('{"name":"Ada"}');
    expect(json.headers['content-type']).toBe('application/json');
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const binary = await api('POST', '/echo', helloToken, {
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(binary.body.equals(bytes)).toBe(true);
  });

  it('mints its own request id, the same in its log, the runner’s log, the handler’s headers and the response', async () => {
    seenByRunner.length = 0;
    const res = await api('GET', '/counter');
    const id = String(res.headers['x-request-id']);
    expect(id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    expect(seenByRunner[0]?.context.requestId).toBe(id);
    expect(seenByRunner[0]?.http.headers['x-request-id']).toBe(id);
    expect(logLines.filter((line) => line.requestId === id).map((line) => line.audit)).toEqual([
      'ext.call',
      'ext.result',
    ]);
    expect(runnerLines.filter((line) => line.requestId === id).map((line) => line.msg)).toEqual([
      'incoming request',
      'request completed',
    ]);
  });

  it('never takes a client’s x-request-id as its id: logged as clientRequestId, and the runner gets the gateway’s', async () => {
    seenByRunner.length = 0;
    // Another tenant's call's id, say, which an extension read from a response or made up.
    const forged = 'req_someone-elses-call';
    const first = await api('GET', '/counter', helloToken, { headers: { 'x-request-id': forged } });
    const globexToken = await tokenFor(carolCookie, 'com.acme.hello');
    const second = await api('GET', '/counter', globexToken, { headers: { 'x-request-id': forged } });
    expect([first.status, second.status]).toEqual([200, 200]);
    const ids = [String(first.headers['x-request-id']), String(second.headers['x-request-id'])];
    expect(ids).not.toContain(forged);
    expect(ids[0]).not.toBe(ids[1]);

    // The gateway: no line under the forged id; each call's lines under its own id, naming the client's.
    expect(logLines.filter((line) => line.requestId === forged)).toEqual([]);
    for (const [i, tenantId] of ['acme', 'globex'].entries()) {
      const lines = logLines.filter((line) => line.requestId === ids[i]);
      expect(lines.map((line) => line.audit)).toEqual(['ext.call', 'ext.result']);
      for (const line of lines) expect(line).toMatchObject({ clientRequestId: forged, tenantId });
    }
    // The runner: called with the gateway's id (header, execute context, handler headers), and logs it.
    expect(events.filter((event) => event.startsWith('runner ')).slice(-2)).toEqual(ids.map((id) => `runner ${id}`));
    expect(seenByRunner.map((r) => r.context.requestId)).toEqual(ids);
    expect(seenByRunner.map((r) => r.http.headers['x-request-id'])).toEqual(ids);
    expect(runnerLines.filter((line) => line.requestId === forged)).toEqual([]);
    for (const id of ids) {
      const lines = runnerLines.filter((line) => line.requestId === id);
      expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
      // The runner trusts the gateway's id: it is not a client id there.
      for (const line of lines) expect(line).not.toHaveProperty('clientRequestId');
    }
    expect(JSON.stringify(runnerLines)).not.toContain(forged);
  });

  it('the runner adopts an id only from a caller with the service credential', async () => {
    const runnerUrl = `http://127.0.0.1:${(runnerApp.app.server.address() as AddressInfo).port}`;
    const direct = async (authorization?: string) => {
      const res = await fetch(`${runnerUrl}/v1/execute`, {
        method: 'POST',
        headers: {
          'content-type': EXECUTE_FRAME_CONTENT_TYPE,
          'x-request-id': 'req_forged-at-the-runner',
          ...(authorization ? { authorization } : {}),
        },
        body: 'not a frame',
      });
      await res.arrayBuffer();
      return { status: res.status, id: res.headers.get('x-request-id') };
    };
    for (const authorization of [undefined, 'Bearer not-the-service-token-0123456789', `Basic ${SERVICE_TOKEN}`]) {
      const refused = await direct(authorization);
      expect(refused.status).toBe(401);
      expect(refused.id).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
      expect(runnerLines.filter((line) => line.requestId === refused.id)[0]).toMatchObject({
        msg: 'incoming request',
        clientRequestId: 'req_forged-at-the-runner',
      });
    }
    expect(runnerLines.filter((line) => line.requestId === 'req_forged-at-the-runner')).toEqual([]);
    // With the credential (the gateway's case), the id is adopted even when the frame is refused.
    const adopted = await direct(`Bearer ${SERVICE_TOKEN}`);
    expect(adopted).toEqual({ status: 400, id: 'req_forged-at-the-runner' });
  });

  it('logs no clientRequestId for a malformed x-request-id', async () => {
    const res = await api('GET', '/counter', helloToken, { headers: { 'x-request-id': 'not an id, "quoted"' } });
    expect(res.status).toBe(200);
    const lines = logLines.filter((line) => line.requestId === res.headers['x-request-id']);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toHaveProperty('clientRequestId');
  });

  it('sends only allow-listed headers to the handler: never authorization or cookie', async () => {
    seenByRunner.length = 0;
    await api('POST', '/echo', helloToken, {
      headers: {
        cookie: aliceCookie,
        'content-type': 'text/plain',
        'x-trace-id': 't1',
        'accept-language': 'fr',
        'x-forwarded-for': '1.2.3.4',
      },
      body: 'x',
    });
    const headers = seenByRunner[0]!.http.headers;
    expect(Object.keys(headers).sort()).toEqual(['accept-language', 'content-type', 'x-request-id']);
    expect(JSON.stringify(seenByRunner[0])).not.toContain(helloToken);
  });

  it('drops handler headers outside the allowlist', async () => {
    const res = await api('POST', '/echo', helloToken, { headers: { 'content-type': 'text/plain' }, body: 'abc' });
    expect(res.headers['x-echo-length']).toBeUndefined();
    expect(res.headers['content-type']).toBe('text/plain');
  });

  it('gives the handler the tenant of the token only, with that install’s secrets', async () => {
    seenByRunner.length = 0;
    const acme = await api('GET', '/secret-length');
    expect(acme.json()).toEqual({ length: 'acme-secret-123'.length });
    const globexToken = await tokenFor(carolCookie, 'com.acme.hello');
    const globex = await api('GET', '/secret-length', globexToken);
    expect(globex.json()).toEqual({ length: 'globex-secret-4567'.length });
    expect(seenByRunner.map((r) => r.context.tenantId)).toEqual(['acme', 'globex']);
    expect(seenByRunner.map((r) => r.context.installId)).toEqual([
      installs['acme/com.acme.hello'],
      installs['globex/com.acme.hello'],
    ]);
  });

  it('replays an idempotent POST with the stored answer', async () => {
    const first = await api('POST', '/counter', helloToken, { headers: { 'idempotency-key': 'pay-1' } });
    const again = await api('POST', '/counter', helloToken, { headers: { 'idempotency-key': 'pay-1' } });
    expect(again.body.equals(first.body)).toBe(true);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    const after = await api('GET', '/counter');
    expect(after.json().count).toBe(first.json().count);
  });
});

describe('the audit lines', () => {
  const linesOf = (requestId: string) => logLines.filter((line) => line.requestId === requestId);

  it('writes ext.call before the runner is called and ext.result once answered, instead of Fastify’s lines', async () => {
    const res = await api('GET', '/items/7?view=full');
    expect(res.status).toBe(200);
    const id = String(res.headers['x-request-id']);
    expect(events.filter((event) => event.endsWith(` ${id}`))).toEqual([
      `ext.call ${id}`,
      `runner ${id}`,
      `ext.result ${id}`,
    ]);
    const lines = linesOf(id);
    expect(lines.map((line) => line.msg)).toEqual(['extension call authorized', 'extension call finished']);
    const who = {
      tenantId: 'acme',
      extensionId: 'com.acme.hello',
      installId: installs['acme/com.acme.hello'],
      endpoint: 'GET /items/:id',
      userId: 'alice',
    };
    expect(lines[0]).toMatchObject({ audit: 'ext.call', ...who });
    expect(lines[1]).toMatchObject({
      audit: 'ext.result',
      ...who,
      method: 'GET',
      url: '/api/ext/com.acme.hello/items/7?view=full',
      remoteAddress: '127.0.0.1',
      status: 200,
      outcome: 'ok',
    });
    expect(lines[1]!.durationMs).toBeGreaterThan(0);
    expect(lines[1]!.runnerMs).toBeGreaterThan(0);
    expect(lines[1]!.durationMs).toBeGreaterThanOrEqual(lines[1]!.runnerMs as number);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(helloToken);
    expect(text).not.toContain('acme-secret-123');
  });

  it('writes one ext.result line with the refusal code for a refused call', async () => {
    const res = await call('GET', '/api/ext/com.acme.hello/items/7', {
      headers: { 'x-request-id': 'req_audit-refused-01', cookie: aliceCookie },
    });
    expect(res.status).toBe(401);
    const unauthenticated = String(res.headers['x-request-id']);
    expect(res.json().error).toMatchObject({ code: 'unauthenticated', requestId: unauthenticated });
    expect(linesOf(unauthenticated)).toEqual([
      expect.objectContaining({
        audit: 'ext.result',
        status: 401,
        outcome: 'unauthenticated',
        method: 'GET',
        clientRequestId: 'req_audit-refused-01',
      }),
    ]);
    expect(linesOf(unauthenticated)[0]!.tenantId).toBeUndefined();

    const nope = await api('GET', '/nope');
    expect(nope.status).toBe(404);
    const undeclared = String(nope.headers['x-request-id']);
    expect(linesOf(undeclared)).toEqual([
      expect.objectContaining({ audit: 'ext.result', status: 404, outcome: 'endpoint_not_found' }),
    ]);

    const big = await api('POST', '/echo', helloToken, {
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(70_000),
    });
    expect(big.status).toBe(413);
    const oversize = String(big.headers['x-request-id']);
    expect(linesOf(oversize)).toEqual([
      expect.objectContaining({ audit: 'ext.result', status: 413, outcome: 'payload_too_large', tenantId: 'acme' }),
    ]);
  });

  it('keeps Fastify’s request lines for everything else, preflights included', async () => {
    const preflight = await call('OPTIONS', '/api/ext/com.acme.hello/items/7', {
      headers: { origin: 'null', 'access-control-request-method': 'GET' },
    });
    const id = String(preflight.headers['x-request-id']);
    expect(linesOf(id).map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
  });
});

describe('refusals', () => {
  async function forged(claims: Record<string, unknown>, options: { key?: 'wrong' } = {}) {
    const jwk = JSON.parse(await readFile(join(work, 'gateway/token-signing-key.jwk.json'), 'utf8')) as JWK;
    const now = Math.floor(Date.now() / 1000);
    const base = {
      tid: 'acme',
      ext: 'com.acme.hello',
      ins: installs['acme/com.acme.hello'],
      ch: bundles.hello!.hash,
      sub: 'alice',
      iss: 'http://127.0.0.1:8081',
      aud: 'extsys-gateway',
      iat: now,
      nbf: now - 5,
      exp: now + 300,
      jti: 'forged-token-id-0000001',
    };
    const key =
      options.key === 'wrong'
        ? (await import('jose')).generateKeyPair('EdDSA', { crv: 'Ed25519' }).then((k) => k.privateKey)
        : importJWK(jwk, 'EdDSA');
    return new SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: 'EdDSA' }).sign(await key);
  }

  it.each([
    ['missing', null, 'unauthenticated'],
    [
      'expired',
      {
        iat: Math.floor(Date.now() / 1000) - 700,
        nbf: Math.floor(Date.now() / 1000) - 700,
        exp: Math.floor(Date.now() / 1000) - 120,
      },
      'token_expired',
    ],
    [
      'not yet valid',
      { nbf: Math.floor(Date.now() / 1000) + 300, exp: Math.floor(Date.now() / 1000) + 400 },
      'token_invalid',
    ],
    ['wrong audience', { aud: 'another-service' }, 'token_invalid'],
    ['signed by another key', 'wrong-key', 'token_invalid'],
    ['tampered', 'tampered', 'token_invalid'],
  ])('refuses a %s token with 401 %s', async (_name, claims, code) => {
    let token: string | null;
    if (claims === null) token = null;
    else if (claims === 'wrong-key') token = await forged({}, { key: 'wrong' });
    else if (claims === 'tampered') token = helloToken.slice(0, -4) + (helloToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    else token = await forged(claims as Record<string, unknown>);
    const res =
      token === null ? await call('GET', '/api/ext/com.acme.hello/counter') : await api('GET', '/counter', token);
    expect(res.status).toBe(401);
    expect(res.json().error.code).toBe(code);
  });

  it('ignores cookies on the API: a cookie-only call is 401', async () => {
    const res = await call('GET', '/api/ext/com.acme.hello/counter', { headers: { cookie: aliceCookie } });
    expect(res.status).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('refuses a token of extension A on extension B', async () => {
    const res = await call('GET', '/api/ext/com.acme.hostile/trap', {
      headers: { authorization: `Bearer ${helloToken}` },
    });
    expect(res.status).toBe(403);
    expect(res.json().error.code).toBe('extension_mismatch');
  });

  it("never lets a token reach another tenant's install", async () => {
    const crossed = await forged({ tid: 'globex' });
    const res = await api('GET', '/counter', crossed);
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('extension_not_available');
  });

  it('refuses an undeclared endpoint and a traversal', async () => {
    const res = await api('DELETE', '/counter');
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('endpoint_not_found');
    const traversal = await api('GET', '/items/%2e%2e/admin');
    expect(traversal.status).toBe(400);
    expect(traversal.json().error.code).toBe('path_invalid');
  });

  it('refuses an oversize body with 413', async () => {
    const res = await api('POST', '/echo', helloToken, {
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(70_000),
    });
    expect(res.status).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('stops a slow handler at the deadline with 504 timeout', async () => {
    const cookie = aliceCookie;
    const token = await tokenFor(cookie, 'com.acme.hostile');
    const started = Date.now();
    const res = await call('GET', '/api/ext/com.acme.hostile/loop', {
      headers: { authorization: `Bearer ${token}`, 'x-ext-deadline-ms': '400' },
    });
    expect(res.status).toBe(504);
    expect(res.json().error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(400 + 3000);
  });

  it('rate-limits per tenant and extension with 429 and Retry-After', async () => {
    const token = await tokenFor(aliceCookie, 'com.acme.hostile');
    let limited: Answer | undefined;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await call('GET', '/api/ext/com.acme.hostile/trap', {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status === 429) limited = res;
    }
    expect(limited?.json().error.code).toBe('rate_limited');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another tenant's bucket is untouched.
    expect((await api('GET', '/counter', await tokenFor(carolCookie, 'com.acme.hello'))).status).toBe(200);
  });

  it('answers a disabled install with extension_not_available, and serves it again when enabled', async () => {
    const id = installs['acme/com.acme.hello']!;
    expect(
      (await call('PATCH', `/api/admin/installs/${id}`, { headers: admin, body: '{"enabled":false}' })).status,
    ).toBe(200);
    const res = await api('GET', '/counter');
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe('extension_not_available');
    expect(
      (
        await call('POST', '/api/ext-token', {
          headers: { cookie: aliceCookie, 'content-type': 'application/json' },
          body: '{"extensionId":"com.acme.hello"}',
        })
      ).status,
    ).toBe(404);
    await call('PATCH', `/api/admin/installs/${id}`, { headers: admin, body: '{"enabled":true}' });
    expect((await api('GET', '/counter')).status).toBe(200);
  });
});

describe('CORS on /api/ext', () => {
  it('answers preflights for the runner origin and sandboxed (null) frames only, without credentials', async () => {
    for (const origin of [RUNNER_ORIGIN, 'null']) {
      const res = await call('OPTIONS', '/api/ext/com.acme.hello/counter', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(String(res.headers['access-control-allow-headers'])).toContain('authorization');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['access-control-max-age']).toBe('600');
    }
    const evil = await call('OPTIONS', '/api/ext/com.acme.hello/counter', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const actual = await api('GET', '/counter', helloToken, { headers: { origin: 'null' } });
    expect(actual.headers['access-control-allow-origin']).toBe('null');
    expect(String(actual.headers['access-control-expose-headers'])).toContain('x-request-id');
  });

  it('leaves the rest of the server without CORS', async () => {
    const res = await call('OPTIONS', '/api/ext-token', {
      headers: { origin: 'null', 'access-control-request-method': 'POST' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('tokens, sessions and the registry', () => {
  it('mints a token only for a logged-in user with the extension installed', async () => {
    expect(
      (
        await call('POST', '/api/ext-token', {
          headers: { 'content-type': 'application/json' },
          body: '{"extensionId":"com.acme.hello"}',
        })
      ).status,
    ).toBe(401);
    const notInstalled = await call('POST', '/api/ext-token', {
      headers: { cookie: carolCookie, 'content-type': 'application/json' },
      body: '{"extensionId":"com.acme.hostile"}',
    });
    expect(notInstalled.json().error.code).toBe('extension_not_available');
    const jwks = await call('GET', '/.well-known/jwks.json');
    expect(jwks.json().keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.json().keys[0]?.d).toBeUndefined();
  });

  it('refuses a wrong password and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const bad = await call('POST', '/api/login', {
      headers: { 'content-type': 'application/json' },
      body: '{"userId":"alice","password":"nope"}',
    });
    expect(bad.status).toBe(401);
    const ok = await call('POST', '/api/login', {
      headers: { 'content-type': 'application/json' },
      body: '{"userId":"bob","password":"demo"}',
    });
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(ok.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
  });

  it('refuses a republished version with other bytes, unsigned bundles, and non-admins', async () => {
    const conflict = await publish(bundles.hello2!);
    expect(conflict.status).toBe(409);
    expect(conflict.json().error.code).toBe('version_conflict');
    const unsigned = await call('POST', '/api/admin/bundles', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/vnd.extsys.bundle' },
      body: await readFile(bundles.hello!.path),
    });
    expect(unsigned.json().error.code).toBe('bundle_signature_missing');
    const tenantAdmin = await call('POST', '/api/admin/bundles', {
      headers: { cookie: carolCookie, 'content-type': 'application/vnd.extsys.bundle' },
      body: await readFile(bundles.hello!.path),
    });
    expect(tenantAdmin.status).toBe(403);
    const bob = await login('bob');
    const member = await call('GET', '/api/admin/installs', { headers: { cookie: bob } });
    expect(member.status).toBe(403);
    const carol = await call('GET', '/api/admin/installs', { headers: { cookie: carolCookie } });
    expect(carol.json().installs.every((i: { tenantId: string }) => i.tenantId === 'globex')).toBe(true);
    expect(JSON.stringify(carol.json())).not.toContain('globex-secret');
  });

  it('refuses grants outside the manifest', async () => {
    const res = await call('POST', '/api/admin/installs', {
      headers: admin,
      body: JSON.stringify({
        tenantId: 'globex',
        extensionId: 'com.acme.hostile',
        version: '1.0.0',
        grants: ['storage.kv'],
      }),
    });
    expect(res.status).toBe(400);
    expect(res.json().error.message).toContain('storage.kv');
  });
});

describe('runner down', () => {
  it('fails fast with runner_unavailable', async () => {
    const down = await createGateway(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        GATEWAY_DATA_DIR: join(work, 'gateway'),
        BUNDLE_STORE: join(work, 'store'),
        RUNNER_URL: 'http://127.0.0.1:9',
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      }),
    );
    try {
      const res = await down.app.inject({
        method: 'GET',
        url: '/api/ext/com.acme.hello/counter',
        headers: { authorization: `Bearer ${helloToken}` },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json<Json>().error).toMatchObject({ code: 'runner_unavailable', retriable: true });
    } finally {
      await down.app.close();
    }
  });
});

describe('calls in flight per tenant', () => {
  const captureUrl = () => `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;

  /** A second gateway on the same registry and keys, with its own in-flight bound. */
  async function boundedGateway(maxInFlight: string, runnerUrl = captureUrl()) {
    const bounded = await createGateway(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        GATEWAY_DATA_DIR: join(work, 'gateway'),
        BUNDLE_STORE: join(work, 'store'),
        RUNNER_URL: runnerUrl,
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
        RUNNER_PUBLIC_ORIGIN: RUNNER_ORIGIN,
        EXT_GATEWAY_TENANT_MAX_IN_FLIGHT: maxInFlight,
      }),
    );
    await bounded.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(bounded.app.server.address() as AddressInfo).port}`;
    const calls: Promise<Response>[] = [];
    const ext = (path: string, token: string, init: RequestInit & { deadlineMs?: number } = {}) => {
      const answer = fetch(`${url}/api/ext/${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.deadlineMs ? { 'x-ext-deadline-ms': String(init.deadlineMs) } : {}),
        },
      });
      calls.push(answer);
      return answer;
    };
    // A failed assertion can leave answers unread, whose keep-alive connections would hold close() open.
    const close = async () => {
      await Promise.allSettled(calls.map((answer) => answer.then((res) => res.body?.cancel())));
      await bounded.app.close();
    };
    return { ext, close };
  }
  const reachedRunner = (requestId: string | null) => seenByRunner.some((r) => r.context.requestId === requestId);

  it('refuses a tenant past EXT_GATEWAY_TENANT_MAX_IN_FLIGHT with 429 tenant_busy and Retry-After, without calling the runner, and gives the slots back', async () => {
    const { ext, close } = await boundedGateway('2');
    try {
      const hostileToken = await tokenFor(aliceCookie, 'com.acme.hostile');
      const before = seenByRunner.length;
      const runaways = [1, 2].map(() => ext('com.acme.hostile/loop', hostileToken, { deadlineMs: 1500 }));
      await vi.waitFor(() => expect(seenByRunner.length).toBe(before + 2), { timeout: 10_000 });

      const refused = await ext('com.acme.hello/counter', helloToken);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      const { error } = (await refused.json()) as Json;
      expect(error).toMatchObject({ code: 'tenant_busy', retriable: true });
      expect(error.message).toMatch(/already has 2 extension calls waiting on the runner/);
      expect(reachedRunner(refused.headers.get('x-request-id'))).toBe(false);
      // The bound is per tenant: Globex is not held up by Acme's calls.
      const globex = await ext('com.acme.hello/counter', await tokenFor(carolCookie, 'com.acme.hello'));
      expect(globex.status).toBe(200);

      // The runaways end at their deadline (run and stopped, or never given a worker) and hand their slots back.
      for (const runaway of await Promise.all(runaways)) {
        expect(runaway.status).toBe(504);
        expect(['timeout', 'queue_timeout']).toContain(((await runaway.json()) as Json).error.code);
      }
      expect((await ext('com.acme.hello/counter', helloToken)).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('keeps the slot of a call whose client went away until the runner answers it, then gives it back', async () => {
    const { ext, close } = await boundedGateway('1');
    try {
      const hostileToken = await tokenFor(aliceCookie, 'com.acme.hostile');
      const before = seenByRunner.length;
      const client = new AbortController();
      const abandoned = ext('com.acme.hostile/loop', hostileToken, { deadlineMs: 3000, signal: client.signal }).catch(
        (error: unknown) => error,
      );
      await vi.waitFor(() => expect(seenByRunner.length).toBe(before + 1), { timeout: 10_000 });
      client.abort();
      expect(await abandoned).toMatchObject({ name: 'AbortError' });
      // The handler still runs in the runner: the slot is still taken.
      const whileRunning = await ext('com.acme.hello/counter', helloToken);
      expect(whileRunning.status).toBe(429);
      expect(((await whileRunning.json()) as Json).error.code).toBe('tenant_busy');
      // Once the runner has stopped it, the tenant's calls go through again.
      await vi.waitFor(async () => expect((await ext('com.acme.hello/counter', helloToken)).status).toBe(200), {
        timeout: 15_000,
        interval: 250,
      });
    } finally {
      await close();
    }
  });

  it('refuses EXT_GATEWAY_TENANT_MAX_IN_FLIGHT=0 naming the variable', () => {
    expect(() => loadConfig({ RUNNER_SERVICE_TOKEN: SERVICE_TOKEN, EXT_GATEWAY_TENANT_MAX_IN_FLIGHT: '0' })).toThrow(
      /EXT_GATEWAY_TENANT_MAX_IN_FLIGHT must be at least 1/,
    );
    expect(loadConfig({ RUNNER_SERVICE_TOKEN: SERVICE_TOKEN }).tenantMaxInFlight).toBe(32);
  });

  it('gives the slot back when the runner cannot be reached', async () => {
    const { ext, close } = await boundedGateway('1', 'http://127.0.0.1:9');
    try {
      for (let i = 0; i < 3; i++) {
        const res = await ext('com.acme.hello/counter', helloToken);
        expect(res.status).toBe(503);
        expect(((await res.json()) as Json).error.code).toBe('runner_unavailable');
      }
    } finally {
      await close();
    }
  });

  it('passes on the runner’s tenant_busy with its Retry-After', async () => {
    // A runner of one worker that lets a tenant queue one call.
    const small = await createRunner(
      loadRunnerConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        BUNDLE_STORE: join(work, 'store'),
        BUNDLE_CACHE_DIR: join(work, 'cache-small'),
        SIGNING_TRUST_BUNDLE: join(work, 'keys/release.trust.json'),
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
        KV_DB_PATH: ':memory:',
        ENGINE_WORKERS: '1',
        ENGINE_TENANT_MAX_QUEUE: '1',
      }),
    );
    await small.app.listen({ host: '127.0.0.1', port: 0 });
    const { ext, close } = await boundedGateway(
      '32',
      `http://127.0.0.1:${(small.app.server.address() as AddressInfo).port}`,
    );
    try {
      const hostileToken = await tokenFor(aliceCookie, 'com.acme.hostile');
      expect((await ext('com.acme.hello/counter', helloToken)).status).toBe(200); // loads the bundle
      const running = ext('com.acme.hostile/loop', hostileToken, { deadlineMs: 2000 });
      await vi.waitFor(() => expect(small.pool.busy).toBe(1), { timeout: 10_000 });
      const waiting = ext('com.acme.hostile/loop', hostileToken, { deadlineMs: 500 });
      await vi.waitFor(() => expect(small.pool.queueDepth).toBe(1), { timeout: 10_000 });

      const refused = await ext('com.acme.hello/counter', helloToken);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      const { error } = (await refused.json()) as Json;
      expect(error.code).toBe('tenant_busy');
      expect(error.message).toMatch(/waiting for an engine worker/);
      expect(((await (await waiting).json()) as Json).error.code).toBe('queue_timeout');
      expect(((await (await running).json()) as Json).error.code).toBe('timeout');
    } finally {
      await close();
      await small.app.close();
    }
  });
});

describe('extsys-gateway publish', () => {
  it('publishes and installs in one step, and explains a failure in one line', async () => {
    const cliPath = join(ROOT, 'gateway-stub/dist/cli.js');
    const { stdout } = await run(process.execPath, [
      cliPath,
      'publish',
      bundles.hostile!.path,
      '--gateway',
      gatewayUrl,
      '--admin-token',
      ADMIN_TOKEN,
      '--tenant',
      'globex',
    ]);
    expect(stdout).toContain('already published com.acme.hostile 1.0.0');
    expect(stdout).toContain('installed for globex');
    const carolToken = await tokenFor(carolCookie, 'com.acme.hostile');
    expect(carolToken.length).toBeGreaterThan(20);
    const failure = await run(process.execPath, [
      cliPath,
      'publish',
      bundles.hello2!.path,
      '--gateway',
      gatewayUrl,
      '--admin-token',
      ADMIN_TOKEN,
    ]).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect(('stderr' in failure ? failure.stderr : '').trim().split('\n')).toHaveLength(1);
    expect('stderr' in failure && failure.stderr).toMatch(/version_conflict/);
  });
});
