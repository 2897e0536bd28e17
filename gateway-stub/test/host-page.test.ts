// GET /api/extensions (what the demo host page mounts) and the host page's static serving.
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packBundle, serializeSignature, signBundle, trustBundleFile } from '@extsys/bundle';
import type { HostExtensionList } from '@extsys/protocol';
import { createGateway, loadConfig, type Gateway } from '../src/index.js';

const ADMIN_TOKEN = 'host-page-test-admin-token-0123456789';
const RUNNER_ORIGIN = 'http://127.0.0.1:18080';
const ISSUER = 'http://localhost:18081';
const HOST = 'localhost:18081';

let work: string;
let gateway: Gateway;
let withoutApp: Gateway;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function publishExtension(name: string, displayName: string, ui: object | undefined) {
  const dir = join(work, 'src', name);
  await mkdir(join(dir, 'ui'), { recursive: true });
  await writeFile(join(dir, 'ui/index.html'), '<!doctype html><title>x</title>');
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name,
      displayName,
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'wasm@1',
      ...(ui ? { ui: { type: 'iframe', entry: 'ui/index.html', ...ui } } : {}),
      ...(ui ? {} : { api: { module: 'ui/x.wasm', endpoints: [{ method: 'GET', path: '/x', handler: 'h' }] } }),
      assets: ui ? undefined : ['ui/x.wasm'],
    }),
  );
  if (!ui) await writeFile(join(dir, 'ui/x.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  const packed = await packBundle(dir);
  const signature = serializeSignature(signBundle(packed.bytes, signingKey, { signer: 'test' }));
  const res = await gateway.app.inject({
    method: 'POST',
    url: '/api/admin/bundles',
    headers: {
      ...admin,
      'content-type': 'application/vnd.extsys.bundle',
      'x-extsys-signature': Buffer.from(signature).toString('base64url'),
    },
    payload: Buffer.from(packed.bytes),
  });
  expect(res.statusCode, res.body).toBe(201);
  return packed.contentHash;
}

async function install(tenantId: string, extensionId: string, enabled = true) {
  const res = await gateway.app.inject({
    method: 'POST',
    url: '/api/admin/installs',
    headers: admin,
    payload: { tenantId, extensionId, version: '1.0.0', enabled },
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function login(userId: string): Promise<string> {
  const res = await gateway.app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { userId, password: 'demo' },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies[0]!;
  return `${cookie.name}=${cookie.value}`;
}

async function listing(userId: string): Promise<HostExtensionList> {
  const res = await gateway.app.inject({ url: '/api/extensions', headers: { cookie: await login(userId) } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json();
}

const { privateKey: signingKey, publicKey } = generateKeyPairSync('ed25519');
const hashes: Record<string, string> = {};

function config(dir: string, hostAppDir: string) {
  return loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    GATEWAY_DATA_DIR: join(dir, 'gateway'),
    BUNDLE_STORE: join(dir, 'store'),
    SIGNING_TRUST_BUNDLE: join(work, 'trust.json'),
    RUNNER_SERVICE_TOKEN: 'host-page-test-service-token-0123456789',
    RUNNER_PUBLIC_ORIGIN: RUNNER_ORIGIN,
    GATEWAY_ISSUER: ISSUER,
    ADMIN_TOKEN,
    HOST_APP_DIR: hostAppDir,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'extsys-host-page-'));
  await writeFile(join(work, 'trust.json'), JSON.stringify(trustBundleFile([{ name: 'test', publicKey }])));
  const app = join(work, 'host-app');
  await mkdir(join(app, 'assets'), { recursive: true });
  await writeFile(join(app, 'index.html'), '<!doctype html><title>host</title><div id="root"></div>');
  await writeFile(join(app, 'assets/main-abc123.js'), 'console.log(1)');
  await writeFile(join(app, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  gateway = await createGateway(config(join(work, 'a'), app));
  withoutApp = await createGateway(config(join(work, 'b'), join(work, 'nowhere')));

  hashes['com.acme.records'] = await publishExtension('com.acme.records', 'Records', {
    initialHeight: 600,
    hostFeatures: ['toast', 'confirm', 'navigate'],
  });
  hashes['com.acme.hello'] = await publishExtension('com.acme.hello', 'Hello', {});
  hashes['com.acme.apionly'] = await publishExtension('com.acme.apionly', 'API only', undefined);
  await install('acme', 'com.acme.hello');
  await install('acme', 'com.acme.records');
  await install('acme', 'com.acme.apionly');
  await install('globex', 'com.acme.hello');
  await install('globex', 'com.acme.records', false);
});

afterAll(async () => {
  await gateway?.app.close();
  await withoutApp?.app.close();
});

describe('GET /api/extensions', () => {
  it("lists the session's tenant's enabled installs with what a host mounts, by title", async () => {
    const { runnerBase, extensions } = await listing('bob');
    expect(runnerBase).toBe(RUNNER_ORIGIN);
    expect(extensions.map((e) => e.extensionId)).toEqual(['com.acme.apionly', 'com.acme.hello', 'com.acme.records']);
    const records = extensions.find((e) => e.extensionId === 'com.acme.records')!;
    expect(records).toMatchObject({
      title: 'Records',
      publisher: 'Acme',
      version: '1.0.0',
      contentHash: hashes['com.acme.records'],
    });
    expect(records.installId).toMatch(/^inst_/);
    expect(records.ui).toEqual({
      type: 'iframe',
      entry: 'ui/index.html',
      initialHeight: 600,
      sandbox: [],
      hostFeatures: ['toast', 'confirm', 'navigate'],
    });
    // Manifest defaults are filled in; an API-only extension has no UI to mount.
    expect(extensions.find((e) => e.extensionId === 'com.acme.hello')!.ui?.initialHeight).toBe(320);
    expect(extensions.find((e) => e.extensionId === 'com.acme.apionly')!.ui).toBeNull();
  });

  it('shows another tenant only its own installs, and no disabled one', async () => {
    const { extensions } = await listing('carol');
    expect(extensions.map((e) => e.extensionId)).toEqual(['com.acme.hello']);
    const acmeInstalls = (await listing('alice')).extensions.map((e) => e.installId);
    expect(acmeInstalls).not.toContain(extensions[0]!.installId);
  });

  it('follows enable/disable', async () => {
    const installs = (await gateway.app.inject({ url: '/api/admin/installs', headers: admin })).json<{
      installs: { id: string; tenantId: string; extensionId: string }[];
    }>().installs;
    const id = installs.find((i) => i.tenantId === 'globex' && i.extensionId === 'com.acme.records')!.id;
    const carol = await login('carol');
    const patch = (enabled: boolean) =>
      gateway.app.inject({
        method: 'PATCH',
        url: `/api/admin/installs/${id}`,
        headers: { cookie: carol },
        payload: { enabled },
      });
    expect((await patch(true)).statusCode).toBe(200);
    expect((await listing('carol')).extensions.map((e) => e.extensionId)).toEqual([
      'com.acme.hello',
      'com.acme.records',
    ]);
    expect((await patch(false)).statusCode).toBe(200);
    expect((await listing('carol')).extensions.map((e) => e.extensionId)).toEqual(['com.acme.hello']);
  });

  it('needs a session', async () => {
    const res = await gateway.app.inject({ url: '/api/extensions' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});

describe('the host page', () => {
  const get = (url: string, host = HOST, app = gateway) => app.app.inject({ url, headers: { host } });

  it('serves the entry at / with a strict CSP that frames only the runner', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<div id="root">');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`frame-src ${RUNNER_ORIGIN}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('falls back to the entry for client routes (deep links), never for assets or server paths', async () => {
    const deep = await get('/ext/com.acme.records/items/42?tab=notes');
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="root">');
    expect((await get('/assets/missing-xyz.js')).statusCode).toBe(404);
    const api = await get('/api/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
  });

  it('caches hashed assets for a year, with their type', async () => {
    const res = await get('/assets/main-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect((await get('/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('redirects pages asked for on another host name to the canonical origin', async () => {
    const res = await get('/ext/com.acme.hello/?x=1', '127.0.0.1:18081');
    expect(res.statusCode).toBe(307);
    expect(res.headers.location).toBe(`${ISSUER}/ext/com.acme.hello/?x=1`);
  });

  it('explains how to build it when it is not built', async () => {
    const res = await get('/', HOST, withoutApp);
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });
});

describe('GET /api/session', () => {
  it('answers 200 with the user or null', async () => {
    const anonymous = await gateway.app.inject({ url: '/api/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null });
    const bob = await gateway.app.inject({ url: '/api/session', headers: { cookie: await login('bob') } });
    expect(bob.json()).toMatchObject({ user: { id: 'bob', tenantId: 'acme', admin: false } });
  });
});
