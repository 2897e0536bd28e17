// The claim of this example — "the extsys-specific server code is one file of at most 40 lines" —
// and that file's routes, in process (no runner: every call here is decided before it).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packBundle } from '@extsys/bundle';
import { createExtensionTokens, generateExtensionTokenKey } from '@extsys/host-server';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostApp } from '../server/app.js';

const EXTSYS_FILE = fileURLToPath(new URL('../server/extsys.ts', import.meta.url));
const HELLO = fileURLToPath(new URL('../../hello/dist/bundle', import.meta.url));

describe('server/extsys.ts', () => {
  it('is at most 40 lines, prettier-formatted', async () => {
    const text = await readFile(EXTSYS_FILE, 'utf8');
    const options = { ...(await prettier.resolveConfig(EXTSYS_FILE)), filepath: EXTSYS_FILE };
    expect(await prettier.check(text, options)).toBe(true);
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
  });
});

describe('the host routes', () => {
  const key = generateExtensionTokenKey();
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'host-express-'));
    const helloBundle = join(dir, 'hello.bundle');
    await writeFile(helloBundle, (await packBundle(HELLO)).bytes);
    const app = await createHostApp({
      sessionSecret: 'test-secret',
      webRoot: dir,
      extsys: {
        tokens: { keys: [await key], issuer: 'http://localhost:1' },
        // Nothing listens there: every call of these tests is answered before the runner.
        runner: { url: 'http://127.0.0.1:9', publicUrl: 'http://127.0.0.1:9', serviceCredential: 'x'.repeat(32) },
        helloBundle,
      },
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await rm(dir, { recursive: true, force: true });
  });

  async function login(user: string): Promise<string> {
    const response = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password: 'demo' }),
    });
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  }

  const mintFor = (cookie: string, extensionId = 'com.example.hello') =>
    fetch(`${base}/api/ext-token/${extensionId}`, { method: 'POST', headers: { cookie } });

  it('mints a token only for the session’s tenant’s install', async () => {
    expect((await fetch(`${base}/api/ext-token/com.example.hello`, { method: 'POST' })).status).toBe(404);
    const cookie = await login('nora');
    expect((await mintFor(cookie, 'com.example.records')).status).toBe(404);
    const response = await mintFor(cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token } = (await response.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'nora', tid: 'northwind', ins: 'northwind-hello', ext: 'com.example.hello' });
  });

  it('lists the tenant’s apps without secrets or config', async () => {
    const apps = (await (await fetch(`${base}/api/apps`, { headers: { cookie: await login('gus') } })).json()) as {
      apps: Record<string, unknown>[];
    };
    expect(apps.apps.map((app) => app['id'])).toEqual(['globex-hello']);
    expect(apps.apps[0]).not.toHaveProperty('secrets');
    expect(apps.apps[0]).not.toHaveProperty('config');
  });

  it('refuses on /api/ext: no token, a token of another tenant’s install, a token for another extension', async () => {
    const call = (token?: string, path = 'com.example.hello/counter') =>
      fetch(`${base}/api/ext/${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await call()).status).toBe(401);

    // Signed by this host, for globex, but naming northwind's install: not globex's install.
    const tokens = await createExtensionTokens({ keys: [await key], issuer: 'http://localhost:1' });
    const { contentHash } = await packBundle(HELLO);
    const install = { id: 'northwind-hello', extensionId: 'com.example.hello', contentHash };
    const crossed = await tokens.mint({ user: 'gus', tenant: 'globex', install });
    const refused = await call(crossed.token);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ error: { code: 'extension_not_available' } });

    const { token } = (await (await mintFor(await login('nora'))).json()) as { token: string };
    const other = await call(token, 'com.example.records/items');
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { code: 'extension_mismatch' } });
  });
});
