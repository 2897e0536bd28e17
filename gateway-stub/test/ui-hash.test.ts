// The UI hash of a version (its manifest `ui` section and UI folder files): recorded at publish,
// listed to the host page, and what lets a frame kept across a handler-only upgrade go on calling
// — through the real gateway and runner. And a data folder of an earlier gateway (no ui_hash
// column) still opens.
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostExtensionList } from '@extsys/protocol';
import { Registry } from '../src/registry.js';
import { openSqliteStores } from '../src/state/sqlite-stores.js';
import { bundleCli, startInProcessSystem, type InProcessSystem } from './support/in-process-system.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'packages/handler-sdk/fixtures/dist');
const SERVICE_TOKEN = 'ui-hash-test-service-token-0123456789';
const ADMIN_TOKEN = 'ui-hash-test-admin-token-0123456789abcdef';
const EXTENSION_ID = 'com.acme.paged';

let work: string;
let key: string;
let system: InProcessSystem;
let base: string;

/** A signed bundle with a UI page and the realistic wasm handler; `page` is the UI's HTML. */
async function makeBundle(version: string, page: string): Promise<string> {
  const dir = join(work, 'src', version);
  await mkdir(join(dir, 'handler'), { recursive: true });
  await mkdir(join(dir, 'ui'), { recursive: true });
  await copyFile(join(FIXTURES, 'realistic.wasm'), join(dir, 'handler/handler.wasm'));
  await writeFile(join(dir, 'ui/index.html'), page);
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name: EXTENSION_ID,
      publisher: 'Acme',
      version,
      runtime: 'wasm@1',
      capabilities: ['log', 'storage.kv'],
      api: { module: 'handler/handler.wasm', endpoints: [{ method: 'GET', path: '/counter', handler: 'h' }] },
      ui: { type: 'iframe', entry: 'ui/index.html' },
    }),
  );
  const out = join(work, `${version}.bundle.tar`);
  await bundleCli('pack', dir, '--out', out);
  await bundleCli('sign', out, '--key', key);
  return out;
}

async function publish(bundlePath: string): Promise<Response> {
  return fetch(`${base}/api/admin/bundles`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      'content-type': 'application/vnd.extsys.bundle',
      'x-extsys-signature': Buffer.from(await readFile(`${bundlePath}.sig`)).toString('base64url'),
    },
    body: await readFile(bundlePath),
  });
}

const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function moveInstall(installId: string, version: string): Promise<void> {
  const response = await fetch(`${base}/api/admin/installs/${installId}`, {
    method: 'PATCH',
    headers: admin,
    body: JSON.stringify({ version }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function login(): Promise<string> {
  const response = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'alice', password: 'demo' }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';', 1)[0]!;
}

async function tokenFor(cookie: string): Promise<string> {
  const response = await fetch(`${base}/api/ext-token`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ extensionId: EXTENSION_ID }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function listed(cookie: string) {
  const response = await fetch(`${base}/api/extensions`, { headers: { cookie } });
  return HostExtensionList.parse(await response.json()).extensions.find((e) => e.extensionId === EXTENSION_ID)!;
}

const callCounter = (token: string) =>
  fetch(`${base}/api/ext/${EXTENSION_ID}/counter`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  system = await startInProcessSystem({
    name: 'ui-hash',
    serviceToken: SERVICE_TOKEN,
    adminToken: ADMIN_TOKEN,
  });
  ({ work, key, url: base } = system);
});

afterAll(async () => {
  await system?.close();
});

describe('the UI hash of a version', () => {
  it('is listed; a handler-only upgrade keeps it and the frame’s token, another UI changes both', async () => {
    const page = '<!doctype html><title>Paged</title><p>one</p>';
    for (const [version, html] of [
      ['1.0.0', page],
      ['1.0.1', page], // the manifest (and so the content hash) changes, the UI does not
      ['1.1.0', page.replace('one', 'two')],
    ] as const) {
      expect((await publish(await makeBundle(version, html))).status).toBe(201);
    }
    const created = await fetch(`${base}/api/admin/installs`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ tenantId: 'acme', extensionId: EXTENSION_ID, version: '1.0.0' }),
    });
    expect(created.status).toBe(201);
    const installId = ((await created.json()) as { install: { id: string } }).install.id;

    const cookie = await login();
    const first = await listed(cookie);
    expect(first.uiHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const token = await tokenFor(cookie); // the mounted frame's token, for 1.0.0
    expect((await callCounter(token)).status).toBe(200);

    await moveInstall(installId, '1.0.1');
    const handlerOnly = await listed(cookie);
    expect(handlerOnly.contentHash).not.toBe(first.contentHash);
    expect(handlerOnly.uiHash).toBe(first.uiHash);
    // The frame kept on 1.0.0's content hash goes on calling: 1.0.1 answers.
    expect((await callCounter(token)).status).toBe(200);

    await moveInstall(installId, '1.1.0');
    expect((await listed(cookie)).uiHash).not.toBe(first.uiHash);
    // A frame of the old UI must not talk to the new one's API: it is remounted with a new token.
    const refused = await callCounter(token);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('extension_not_available');
    expect((await callCounter(await tokenFor(cookie))).status).toBe(200);
  });
});

describe('a data folder of an earlier gateway', () => {
  it('opens: the ui_hash column is added, the versions published before have none (null)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'extsys-ui-hash-old-'));
    const old = new Database(join(dataDir, 'registry.sqlite'));
    // The versions table as gateways before 2026-12-07 created it.
    old.exec(`CREATE TABLE versions (
        extension_id TEXT NOT NULL, version TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE,
        manifest TEXT NOT NULL, signer TEXT NOT NULL, published_at TEXT NOT NULL,
        PRIMARY KEY (extension_id, version));`);
    const manifest = { manifestVersion: 2, name: EXTENSION_ID, publisher: 'Acme', version: '0.9.0', runtime: 'wasm@1' };
    old
      .prepare('INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?)')
      .run(EXTENSION_ID, '0.9.0', `sha256:${'b'.repeat(64)}`, JSON.stringify(manifest), 'release', 'then');
    old.close();

    const stores = openSqliteStores(dataDir, { rateLimit: { capacity: 1, refillPerSecond: 1 } });
    const registry = new Registry(stores);
    try {
      expect(await registry.version(EXTENSION_ID, '0.9.0')).toMatchObject({ version: '0.9.0', uiHash: null });
      const uiHash = `sha256:${'c'.repeat(64)}`;
      await registry.publish({
        extensionId: EXTENSION_ID,
        version: '1.0.0',
        contentHash: `sha256:${'d'.repeat(64)}`,
        uiHash,
        manifest: { ...manifest, version: '1.0.0' } as never,
        signer: 'release',
      });
      expect(await registry.versionByHash(`sha256:${'d'.repeat(64)}`)).toMatchObject({ version: '1.0.0', uiHash });
    } finally {
      await stores.close();
    }
  });
});
