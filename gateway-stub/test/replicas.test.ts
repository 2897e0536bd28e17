// Two gateway replicas on one PostgreSQL (DATABASE_URL) and one TOKEN_SIGNING_KEY, with separate
// data folders (nothing local is shared), in front of one real runner: any replica answers any
// request. A login on A is valid on B, a token minted by A is accepted by B, an install disabled on
// A stops answering on B with the next call, the call rate limit and the failed-login limit count
// calls to both. The limits' clocks are the test's (frozen): nothing waits, nothing times.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { generateExtensionTokenKey } from '@extsys/host-server';
import { createTestDatabase, testPostgres } from '@extsys/postgres/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS, createGateway, loadConfig, type Gateway, type GatewayHooks } from '../src/index.js';
import { bundleCli, startInProcessSystem, type InProcessSystem } from './support/in-process-system.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'packages/handler-sdk/fixtures/dist');
const SERVICE_TOKEN = 'replicas-test-service-token-0123456789';
const ADMIN_TOKEN = 'replicas-test-admin-token-0123456789abcdef';
const EXTENSION_ID = 'com.acme.replicated';
const BURST = 6;
const NOW = Date.UTC(2026, 0, 1);

const server = testPostgres();
const skip = 'unavailable' in server ? server.unavailable : undefined;

describe.skipIf(skip !== undefined)(`two gateway replicas on PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let system: InProcessSystem;
  let second: Gateway;
  /** Replica A's and B's base URLs. */
  let a: string;
  let b: string;
  let installId: string;
  /** Every answered extension call, to count the rate limit's tokens. */
  let granted = 0;

  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const hooks: GatewayHooks = {
    loginLimits: { ...DEFAULT_LOGIN_LIMITS, now: () => NOW },
    rateLimitClock: () => NOW,
  };

  async function login(base: string, userId: string, password = 'demo'): Promise<Response> {
    return fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password }),
    });
  }

  async function call(base: string, token: string): Promise<Response> {
    const response = await fetch(`${base}/api/ext/${EXTENSION_ID}/counter`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status === 200) granted++;
    return response;
  }

  async function tokenFrom(base: string, cookie: string): Promise<string> {
    const response = await fetch(`${base}/api/ext-token`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ extensionId: EXTENSION_ID }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';', 1)[0]!;
  const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    database = await createTestDatabase((server as { url: string }).url);
    const shared = {
      DATABASE_URL: database.url,
      TOKEN_SIGNING_KEY: JSON.stringify(await generateExtensionTokenKey()),
      EXT_RATE_LIMIT_BURST: String(BURST),
      EXT_RATE_LIMIT_PER_SECOND: '1',
    };
    system = await startInProcessSystem({
      name: 'replicas',
      serviceToken: SERVICE_TOKEN,
      adminToken: ADMIN_TOKEN,
      gatewayEnv: shared,
      gatewayHooks: hooks,
    });
    a = system.url;
    second = await createGateway(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        GATEWAY_DATA_DIR: join(system.work, 'gateway-b'),
        BUNDLE_STORE: join(system.work, 'store'),
        SIGNING_TRUST_BUNDLE: join(system.work, 'keys/release.trust.json'),
        RUNNER_URL: `http://127.0.0.1:${(system.runner.app.server.address() as AddressInfo).port}`,
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
        ADMIN_TOKEN,
        ...shared,
      }),
      hooks,
    );
    await second.app.listen({ host: '127.0.0.1', port: 0 });
    b = `http://127.0.0.1:${(second.app.server.address() as AddressInfo).port}`;

    // Published on A, installed on B.
    const dir = join(system.work, 'src');
    await mkdir(join(dir, 'handler'), { recursive: true });
    await copyFile(join(FIXTURES, 'realistic.wasm'), join(dir, 'handler/handler.wasm'));
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({
        manifestVersion: 2,
        name: EXTENSION_ID,
        publisher: 'Acme',
        version: '1.0.0',
        runtime: 'wasm@1',
        capabilities: ['log', 'storage.kv'],
        api: { module: 'handler/handler.wasm', endpoints: [{ method: 'GET', path: '/counter', handler: 'h' }] },
      }),
    );
    const bundle = join(system.work, 'replicated.bundle.tar');
    await bundleCli('pack', dir, '--out', bundle);
    await bundleCli('sign', bundle, '--key', system.key);
    const published = await fetch(`${a}/api/admin/bundles`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/vnd.extsys.bundle',
        'x-extsys-signature': Buffer.from(await readFile(`${bundle}.sig`)).toString('base64url'),
      },
      body: await readFile(bundle),
    });
    expect(published.status, await published.clone().text()).toBe(201);
    const installed = await fetch(`${b}/api/admin/installs`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ tenantId: 'acme', extensionId: EXTENSION_ID, version: '1.0.0' }),
    });
    expect(installed.status, await installed.clone().text()).toBe(201);
    installId = ((await installed.json()) as { install: { id: string } }).install.id;
  }, 60_000);

  afterAll(async () => {
    if (second) {
      const closing = second.app.close();
      second.app.server.closeAllConnections();
      await closing;
    }
    await system?.close();
    await database?.drop();
  });

  it('keeps the state in PostgreSQL on both, and serves one JWKS', async () => {
    expect(system.gateway.stores.kind).toBe('postgres');
    expect(second.stores.kind).toBe('postgres');
    const [jwksA, jwksB] = await Promise.all(
      [a, b].map(async (base): Promise<unknown> => (await fetch(`${base}/.well-known/jwks.json`)).json()),
    );
    expect(jwksB).toEqual(jwksA);
  });

  it('accepts on B a login made on A, and ends it on both with a logout on B', async () => {
    const cookie = cookieOf(await login(a, 'alice'));
    const onB = await fetch(`${b}/api/session`, { headers: { cookie } });
    expect(((await onB.json()) as { user: { id: string } | null }).user?.id).toBe('alice');
    expect(
      (
        await fetch(`${b}/api/logout`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(200);
    const onA = await fetch(`${a}/api/session`, { headers: { cookie } });
    expect(((await onA.json()) as { user: unknown }).user).toBeNull();
  });

  it('accepts on B a token minted by A (and on A one minted by B)', async () => {
    const cookie = cookieOf(await login(b, 'alice'));
    const fromA = await tokenFrom(a, cookie);
    const fromB = await tokenFrom(b, cookie);
    expect((await call(b, fromA)).status).toBe(200);
    expect((await call(a, fromB)).status).toBe(200);
  });

  it('stops answering on B with the next call once A disables the install, and answers again once B enables it', async () => {
    const cookie = cookieOf(await login(a, 'alice'));
    const token = await tokenFrom(a, cookie);
    expect((await call(b, token)).status).toBe(200); // B has read the install
    const disable = await fetch(`${a}/api/admin/installs/${installId}`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({ enabled: false }),
    });
    expect(disable.status).toBe(200);
    for (const base of [b, a]) {
      const refused = await call(base, token);
      expect(refused.status).toBe(404);
      expect(await codeOf(refused)).toBe('extension_not_available');
    }
    const enable = await fetch(`${b}/api/admin/installs/${installId}`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({ enabled: true }),
    });
    expect(enable.status).toBe(200);
    expect((await call(a, token)).status).toBe(200);
  });

  it('holds the call rate limit across both: the burst in all, then 429 on either', async () => {
    const cookie = cookieOf(await login(a, 'alice'));
    const token = await tokenFrom(b, cookie);
    const statuses: number[] = [];
    // The clock is frozen: the bucket never refills, so exactly BURST calls are answered in all.
    for (let i = 0; granted < BURST && i < BURST; i++) statuses.push((await call(i % 2 ? a : b, token)).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(granted).toBe(BURST);
    for (const base of [a, b]) {
      const refused = await call(base, token);
      expect(refused.status).toBe(429);
      expect(await codeOf(refused)).toBe('rate_limited');
      expect(refused.headers.get('retry-after')).toBe('1');
    }
  });

  it('counts failed logins on both against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(i % 2 ? a : b, 'bob', 'wrong')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    for (const base of [a, b]) {
      const refused = await login(base, 'bob');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
    }
  });

  it('logs the database URL only redacted, and warns when a replica has no shared signing key', async () => {
    const url = new URL(database.url);
    url.username = 'extsys';
    url.password = 'hunter2'; // the test server trusts loopback: the password is carried, not checked
    const lines: string[] = [];
    const gateway = await createGateway(
      loadConfig({
        LOG_LEVEL: 'info',
        GATEWAY_DATA_DIR: join(system.work, 'gateway-c'),
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
        DATABASE_URL: url.toString(),
      }),
      { logStream: { write: (line) => void lines.push(line) } },
    );
    await gateway.app.close();
    const log = lines.join('');
    expect(log).toContain(`"database":"postgres://extsys:***@`);
    expect(log).toMatch(/TOKEN_SIGNING_KEY is not: this replica signs tokens with its data folder's own key/);
    expect(log).not.toContain('hunter2');
  });
});
