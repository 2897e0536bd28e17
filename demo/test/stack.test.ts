// The stack with real processes: a runner and a gateway-stub as children, one bundle made from the
// handler SDK's realistic fixture (a UI page, a KV counter, an allow-listed fetch).
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStackError, startStack, type Stack } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'packages/handler-sdk/fixtures/dist/realistic.wasm');
// Ports away from the demo's defaults, so a running `npm run demo` does not disturb the test.
const PORTS = { hostPort: 18181, runnerPort: 18180, quoteApiPort: 18182 };

let work: string;
let stack: Stack;
const logs: string[] = [];

async function makeExtension(dir: string): Promise<string> {
  await mkdir(join(dir, 'handler'), { recursive: true });
  await mkdir(join(dir, 'ui'), { recursive: true });
  await copyFile(FIXTURE, join(dir, 'handler/handler.wasm'));
  await writeFile(join(dir, 'ui/index.html'), '<!doctype html><title>stack test</title><p>hello</p>\n');
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name: 'com.example.stacktest',
      displayName: 'Stack test',
      publisher: 'extsys',
      version: '1.0.0',
      runtime: 'wasm@1',
      capabilities: ['log', 'storage.kv', 'http.fetch', 'user.read'],
      http: { allow: ['http://127.0.0.1:8082'] },
      ui: { type: 'iframe', entry: 'ui/index.html' },
      api: {
        module: 'handler/handler.wasm',
        endpoints: [
          { method: 'GET', path: '/counter', handler: 'h' },
          { method: 'POST', path: '/counter', handler: 'h' },
        ],
      },
    }),
  );
  return dir;
}

async function login(userId: string): Promise<string> {
  const response = await fetch(`${stack.hostUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: 'demo' }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(';', 1)[0]!;
}

async function extToken(cookie: string): Promise<string> {
  const response = await fetch(`${stack.hostUrl}/api/ext-token`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ extensionId: 'com.example.stacktest' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function counter(token: string, method: 'GET' | 'POST') {
  const response = await fetch(`${stack.hostUrl}/api/ext/com.example.stacktest/counter`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'extsys-stack-'));
  const extension = await makeExtension(join(work, 'ext/stacktest'));
  stack = await startStack({
    dataDir: join(work, 'data'),
    extensions: [extension],
    ...PORTS,
    onLog: (service, line) => logs.push(`${service}| ${line}`),
  });
});

afterAll(async () => {
  await stack?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('startStack', () => {
  it('publishes the extension and reports the URLs', async () => {
    expect(stack.hostUrl).toBe('http://localhost:18181');
    expect(stack.runnerUrl).toBe('http://127.0.0.1:18180');
    expect(stack.quoteApiUrl).toBe('http://127.0.0.1:18182');
    expect(stack.published.map(({ extensionId, version }) => ({ extensionId, version }))).toEqual([
      { extensionId: 'com.example.stacktest', version: '1.0.0' },
    ]);
    expect(stack.published[0]!.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(logs.some((line) => line.startsWith('runner|'))).toBe(true);
    expect(logs.some((line) => line.startsWith('gateway|'))).toBe(true);
  });

  it('installs for every tenant, with the quote API as the only egress and its origin in the config', async () => {
    const response = await fetch(`${stack.hostUrl}/api/admin/installs`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    const { installs } = (await response.json()) as {
      installs: { tenantId: string; enabled: boolean; egress: string[]; grants: string[]; config: object }[];
    };
    expect(installs.map((i) => i.tenantId)).toEqual(['acme', 'globex']);
    for (const install of installs) {
      expect(install.enabled).toBe(true);
      expect(install.egress).toEqual([stack.quoteApiUrl]);
      expect(install.grants).toEqual(['log', 'storage.kv', 'http.fetch', 'user.read']);
      expect(install.config).toEqual({ quoteApiOrigin: stack.quoteApiUrl });
    }
  });

  it('serves the extension page from the runner for the host origin only', async () => {
    const hash = stack.published[0]!.contentHash;
    const response = await fetch(`${stack.runnerUrl}/ext-ui/com.example.stacktest/${hash}/index.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(`frame-ancestors ${stack.hostUrl}`);
  });

  it('serves the quote API', async () => {
    const response = await fetch(`${stack.quoteApiUrl}/quote`);
    expect(response.status).toBe(200);
    const quote = (await response.json()) as { id: number; text: unknown; author: unknown };
    expect(quote.id).toBe(1);
    expect(typeof quote.text).toBe('string');
    expect(typeof quote.author).toBe('string');
  });

  it('answers an API call through gateway → runner → wasm, then runner_unavailable while the runner is down, then again', async () => {
    const token = await extToken(await login('bob'));
    const first = await counter(token, 'POST');
    expect(first).toMatchObject({ status: 200, body: { tenant: 'acme' } });
    const count = first.body['count'] as number;

    await stack.stopRunner();
    const down = await counter(token, 'GET');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ error: { code: 'runner_unavailable' } });

    await stack.startRunner();
    const again = await counter(token, 'POST');
    expect(again).toMatchObject({ status: 200, body: { tenant: 'acme', count: count + 1 } });
  });

  it('replaces a runner killed from outside, refuses to restart a paused one, and serves again once resumed', async () => {
    const token = await extToken(await login('bob'));
    const killed = stack.runnerPid!;
    process.kill(killed, 'SIGKILL'); // from outside: the stack has not seen the exit yet
    await stack.startRunner();
    expect(stack.runnerPid).toBeDefined();
    expect(stack.runnerPid).not.toBe(killed);
    expect(processAlive(killed)).toBe(false);
    expect((await counter(token, 'GET')).status).toBe(200);

    await stack.pauseRunner();
    await expect(stack.startRunner()).rejects.toMatchObject({ code: 'service_unresponsive' });
    await stack.resumeRunner();
    await stack.startRunner(); // running and answering: nothing to do
    expect((await counter(token, 'GET')).status).toBe(200);

    const before = stack.runnerPid;
    await stack.killRunner();
    expect(stack.runnerPid).toBeUndefined();
    await stack.startRunner();
    expect(stack.runnerPid).not.toBe(before);
    expect((await counter(token, 'GET')).status).toBe(200);
  });

  it('is idempotent on the same data dir, and stop() leaves no process and no listener', async () => {
    // Stop the first stack and start another on the same data dir: same keys, same hash, the KV kept.
    const before = stack.published;
    await stack.stop();
    stack = await startStack({ dataDir: join(work, 'data'), extensions: [join(work, 'ext/stacktest')], ...PORTS });
    expect(stack.published).toEqual(before);
    const token = await extToken(await login('carol'));
    expect((await counter(token, 'GET')).body).toMatchObject({ tenant: 'globex', count: 0 });
    const acme = await counter(await extToken(await login('alice')), 'GET');
    expect(acme.body['tenant']).toBe('acme');
    expect(acme.body['count']).toBeGreaterThan(0); // the runner's KV lives in the data dir

    const children = await childPids();
    expect(children.length).toBe(2);
    await stack.stop();
    for (const pid of children) expect(processAlive(pid)).toBe(false);
    await expect(fetch(`${stack.quoteApiUrl}/quote`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${PORTS.hostPort}/healthz`)).rejects.toThrow();
  });

  it('refuses a taken port with port_in_use and starts nothing', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(PORTS.quoteApiPort, '127.0.0.1', done));
    try {
      const error: unknown = await startStack({ dataDir: join(work, 'data'), extensions: [], ...PORTS }).catch(
        (e: unknown) => e,
      );
      expect(isStackError(error) && error.code).toBe('port_in_use');
      expect((error as Error).message).toContain('quote API');
      expect(await childPids()).toEqual([]);
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()));
    }
  });

  it('names the missing extension folder', async () => {
    const error: unknown = await startStack({
      dataDir: join(work, 'data'),
      extensions: [join(work, 'nowhere')],
      ...PORTS,
    }).catch((e: unknown) => e);
    expect(isStackError(error) && error.code).toBe('extension_missing');
    expect((error as Error).message).toContain(join(work, 'nowhere', 'manifest.json'));
    expect(await childPids()).toEqual([]);
  });
});

/** The stack's service processes: children of this process running child-guard. */
async function childPids(): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid ...: comm may contain spaces, so split after the closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('child-guard.js')) pids.push(Number(entry));
  }
  return pids;
}
