// The demo host's server-side view state (#15): per user × install × entry point × route, in the
// gateway's database, behind the session cookie and the same-site guard.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTRY_DATA_LIMITS, HOST_VIEW_STATE_ROUTE, type ViewState } from '@extsys/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, loadConfig, type Gateway } from '../src/index.js';
import { openSqliteStores } from '../src/state/sqlite-stores.js';

const ISSUER = 'http://localhost:18082';
const EXTENSION_ID = 'com.acme.records';
const HASH = `sha256:${'cd'.repeat(32)}`;
let gateway: Gateway;
let work: string;
let acmeInstall: string;
let globexInstall: string;
const cookies = new Map<string, string>();

/** What the host page's own fetch sends: same origin, JSON. */
const fromHostPage = { origin: ISSUER, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'extsys-view-state-'));
  gateway = await createGateway(
    loadConfig({
      LOG_LEVEL: 'silent',
      GATEWAY_DATA_DIR: work,
      BUNDLE_STORE: join(work, 'store'),
      RUNNER_SERVICE_TOKEN: 'view-state-test-service-token-0123456789',
      GATEWAY_ISSUER: ISSUER,
      HOST_APP_DIR: join(work, 'no-host-app'),
    }),
  );
  await gateway.registry.publish({
    extensionId: EXTENSION_ID,
    version: '1.0.0',
    contentHash: HASH,
    uiHash: null,
    signer: 'test',
    manifest: {
      manifestVersion: 2,
      name: EXTENSION_ID,
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'wasm@1',
      capabilities: [],
      ui: {
        type: 'iframe',
        entry: 'ui/index.html',
        initialHeight: 320,
        sandbox: [],
        hostFeatures: [],
        entryPoints: [
          { id: 'main', target: 'page', path: '/', label: 'Records' },
          { id: 'customer-records', target: 'panel', path: '/panel/customer', label: 'Linked records' },
        ],
      },
    },
  });
  const install = async (tenantId: string) =>
    (
      await gateway.registry.createInstall({
        tenantId,
        extensionId: EXTENSION_ID,
        version: '1.0.0',
        contentHash: HASH,
        enabled: true,
        grants: [],
        config: {},
        secrets: {},
        egress: [],
      })
    ).id;
  acmeInstall = await install('acme');
  globexInstall = await install('globex');
  for (const userId of ['alice', 'bob', 'carol']) {
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/login',
      headers: fromHostPage,
      payload: JSON.stringify({ userId, password: 'demo' }),
    });
    expect(res.statusCode, res.body).toBe(200);
    cookies.set(userId, `${res.cookies[0]!.name}=${res.cookies[0]!.value}`);
  }
});

afterAll(async () => {
  await gateway?.app.close();
});

interface Key {
  installId?: string;
  entryPoint?: string;
  route?: string;
}

async function get(user: string, key: Key = {}) {
  const query = new URLSearchParams({ installId: acmeInstall, entryPoint: 'main', ...key });
  const res = await gateway.app.inject({
    url: `${HOST_VIEW_STATE_ROUTE}?${query}`,
    headers: { cookie: cookies.get(user)! },
  });
  return res;
}
const stateOf = async (user: string, key: Key = {}) => {
  const res = await get(user, key);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ state: ViewState | null }>().state;
};

function put(user: string | undefined, body: unknown, headers: Record<string, string> = fromHostPage) {
  return gateway.app.inject({
    method: 'PUT',
    url: HOST_VIEW_STATE_ROUTE,
    headers: { ...headers, ...(user ? { cookie: cookies.get(user)! } : {}) },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
const store = async (user: string, key: Key, state: ViewState | null) => {
  const res = await put(user, { installId: acmeInstall, entryPoint: 'main', ...key, state });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual({ state });
};
const errorOf = (res: { json: <T>() => T }) =>
  res.json<{ error: { code: string; message: string; requestId: string } }>().error;

describe('view state', () => {
  it('round-trips: nothing at first, then what was stored, replaced by the next', async () => {
    expect(await stateOf('alice', { entryPoint: 'customer-records' })).toBeNull();
    await store('alice', { entryPoint: 'customer-records' }, { version: 1, value: { draft: 'héllo', n: [1, 2] } });
    expect(await stateOf('alice', { entryPoint: 'customer-records' })).toEqual({
      version: 1,
      value: { draft: 'héllo', n: [1, 2] },
    });
    await store('alice', { entryPoint: 'customer-records' }, { version: 2, value: 'next' });
    expect(await stateOf('alice', { entryPoint: 'customer-records' })).toEqual({ version: 2, value: 'next' });
    expect((await get('alice', { entryPoint: 'customer-records' })).headers['cache-control']).toBe('no-store');
  });

  it('is per user: bob, of the same tenant, never reads alice’s, and his own does not touch hers', async () => {
    await store('alice', {}, { version: 1, value: { owner: 'alice' } });
    expect(await stateOf('bob')).toBeNull();
    await store('bob', {}, { version: 1, value: { owner: 'bob' } });
    expect(await stateOf('alice')).toEqual({ version: 1, value: { owner: 'alice' } });
    expect(await stateOf('bob')).toEqual({ version: 1, value: { owner: 'bob' } });
  });

  it('is per entry point and per route (no route and an empty route are the same)', async () => {
    await store('alice', { route: '/records/1' }, { version: 1, value: 'one' });
    await store('alice', { route: '/records/2' }, { version: 1, value: 'two' });
    await store('alice', {}, { version: 1, value: 'page' });
    expect(await stateOf('alice', { route: '/records/1' })).toEqual({ version: 1, value: 'one' });
    expect(await stateOf('alice', { route: '/records/2' })).toEqual({ version: 1, value: 'two' });
    expect(await stateOf('alice', { route: '' })).toEqual({ version: 1, value: 'page' });
    expect(await stateOf('alice', { entryPoint: 'customer-records', route: '/records/1' })).toBeNull();
  });

  it('is cleared with null (and clearing nothing is fine)', async () => {
    await store('alice', { route: '/gone' }, { version: 1, value: true });
    await store('alice', { route: '/gone' }, null);
    expect(await stateOf('alice', { route: '/gone' })).toBeNull();
    await store('alice', { route: '/gone' }, null);
  });

  it('refuses a value over the cap with 413 payload_too_large naming both sizes, and stores nothing', async () => {
    await store('alice', { route: '/big' }, { version: 1, value: 'small' });
    const value = 'x'.repeat(ENTRY_DATA_LIMITS.viewStateBytes); // + its two quotes: just over
    const res = await put('alice', {
      installId: acmeInstall,
      entryPoint: 'main',
      route: '/big',
      state: { version: 1, value },
    });
    expect(res.statusCode).toBe(413);
    const error = errorOf(res);
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toContain(`${ENTRY_DATA_LIMITS.viewStateBytes + 2} bytes`);
    expect(error.message).toContain(`at most ${ENTRY_DATA_LIMITS.viewStateBytes} bytes`);
    expect(error.requestId).toBeTruthy();
    expect(await stateOf('alice', { route: '/big' })).toEqual({ version: 1, value: 'small' });
    // Exactly at the cap is kept.
    await store('alice', { route: '/big' }, { version: 1, value: 'x'.repeat(ENTRY_DATA_LIMITS.viewStateBytes - 2) });
  });

  it('refuses a body that is not JSON, or not a view state, with 400', async () => {
    const broken = await put('alice', '{"installId": ');
    expect(broken.statusCode).toBe(400);
    expect(errorOf(broken).code).toBe('bad_request');
    for (const body of [
      { installId: acmeInstall, entryPoint: 'main', state: { value: 1 } }, // no version
      { installId: acmeInstall, entryPoint: 'main', state: { version: -1, value: 1 } },
      { installId: acmeInstall, entryPoint: 'Main!', state: null },
      { installId: acmeInstall, entryPoint: 'main', route: 'no-slash', state: null },
      { installId: acmeInstall, entryPoint: 'main', state: { version: 1, value: 1 }, extra: true },
    ]) {
      const res = await put('alice', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).code).toBe('validation_failed');
    }
    const unknownEntry = await put('alice', {
      installId: acmeInstall,
      entryPoint: 'nope',
      state: { version: 1, value: 1 },
    });
    expect(unknownEntry.statusCode).toBe(400);
    expect(errorOf(unknownEntry).message).toContain('has no entry point "nope"');
    const badQuery = await get('alice', { entryPoint: 'NOPE' });
    expect(badQuery.statusCode).toBe(400);
    expect(errorOf(badQuery).code).toBe('validation_failed');
  });

  it('refuses an install of another tenant (403 tenant_mismatch) and an unknown one (404 install_not_found)', async () => {
    const foreign = await put('alice', {
      installId: globexInstall,
      entryPoint: 'main',
      state: { version: 1, value: 1 },
    });
    expect(foreign.statusCode).toBe(403);
    expect(errorOf(foreign).code).toBe('tenant_mismatch');
    const foreignRead = await get('alice', { installId: globexInstall });
    expect(foreignRead.statusCode).toBe(403);
    expect(errorOf(foreignRead).code).toBe('tenant_mismatch');
    const missing = await get('alice', { installId: 'inst_missing' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('install_not_found');
    // carol's own tenant's install works, and does not see acme's states.
    expect(await stateOf('carol', { installId: globexInstall })).toBeNull();
  });

  it('needs a session (401 unauthenticated)', async () => {
    const read = await gateway.app.inject({ url: `${HOST_VIEW_STATE_ROUTE}?installId=${acmeInstall}&entryPoint=main` });
    expect(read.statusCode).toBe(401);
    expect(errorOf(read).code).toBe('unauthenticated');
    const write = await put(undefined, { installId: acmeInstall, entryPoint: 'main', state: null });
    expect(write.statusCode).toBe(401);
  });

  it('refuses a cross-site write before reading it, and stores nothing', async () => {
    await store('alice', { route: '/csrf' }, { version: 1, value: 'mine' });
    const body = { installId: acmeInstall, entryPoint: 'main', route: '/csrf', state: { version: 1, value: 'theirs' } };
    const crossSite: Record<string, string>[] = [
      { origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { 'content-type': 'text/plain' },
    ];
    for (const headers of crossSite) {
      const res = await put('alice', body, headers);
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('forbidden');
    }
    expect(await stateOf('alice', { route: '/csrf' })).toEqual({ version: 1, value: 'mine' });
  });

  it('survives a gateway restart (it is in the database, not in memory)', async () => {
    await store('bob', { route: '/durable' }, { version: 3, value: { kept: true } });
    // Second stores on the same folder: what a restarted gateway opens.
    const second = openSqliteStores(work, { rateLimit: { capacity: 1, refillPerSecond: 1 } });
    try {
      expect(
        await second.viewStates.get({
          userId: 'bob',
          tenantId: 'acme',
          installId: acmeInstall,
          entryPoint: 'main',
          route: '/durable',
        }),
      ).toEqual({ version: 3, value: { kept: true } });
    } finally {
      await second.close();
    }
  });
});

describe('GET /api/extensions', () => {
  it('passes the manifest’s ui.entryPoints through to the host page', async () => {
    const res = await gateway.app.inject({ url: '/api/extensions', headers: { cookie: cookies.get('alice')! } });
    expect(res.statusCode, res.body).toBe(200);
    const [extension] = res.json<{ extensions: { ui: { entryPoints?: { id: string; target: string }[] } }[] }>()
      .extensions;
    expect(extension?.ui.entryPoints?.map(({ id, target }) => ({ id, target }))).toEqual([
      { id: 'main', target: 'page' },
      { id: 'customer-records', target: 'panel' },
    ]);
  });
});
