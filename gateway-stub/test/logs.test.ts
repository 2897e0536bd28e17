// Handler logs end to end, in process: a real runner (js@1 handlers that log, log a secret, throw and
// loop) and a real gateway subscribed to its event stream; readers with every kind of credential.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvocationEvent,
  LOG_STREAM_EVENT,
  SseDecoder,
  type InvocationEvent as Event,
  type SseMessage,
} from '@extsys/protocol';
import type { Gateway } from '../src/index.js';
import { bundleCli, startInProcessSystem, type InProcessSystem } from './support/in-process-system.js';

const SERVICE_TOKEN = 'logs-test-service-token-0123456789abcdef';
const ADMIN_TOKEN = 'logs-test-admin-token-0123456789abcdefgh';
const SECRET = 'acme-api-key-7f3a9c';

let work: string;
let system: InProcessSystem;
let gateway: Gateway;
let url: string;
const cookies: Record<string, string> = {};

const HANDLER = `
const answer = (status, value) => ({ header: JSON.stringify({ status, headers: { 'content-type': 'application/json' } }), body: JSON.stringify(value) });
const call = (fn, args) => JSON.parse(__runner.call(fn, JSON.stringify(args)));
const routes = {
  '/hello': (req) => { console.log('hello from', req.context.tenantId); console.warn('careful'); return answer(200, { ok: true }); },
  '/leak': () => { const key = call('secret_get', { name: 'apiKey' }).value.value; console.log('the key is ' + key); return answer(200, { leaked: false }); },
  '/throw': () => { console.log('about to fail'); const key = call('secret_get', { name: 'apiKey' }).value.value; throw new Error('boom with ' + key); },
  '/many': () => { for (let i = 0; i < 5; i++) console.log('line ' + i); return answer(201, {}); },
};
export async function handle(request, body) { const req = JSON.parse(request); return routes[req.http.path](req, body); }
`;

async function makeBundle(name: string, key: string): Promise<{ path: string }> {
  const dir = join(work, 'src', name);
  await mkdir(join(dir, 'handler'), { recursive: true });
  await writeFile(join(dir, 'handler/handler.js'), HANDLER);
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 2,
      name,
      publisher: 'Acme',
      version: '1.0.0',
      runtime: 'js@1',
      capabilities: ['log', 'secrets.read'],
      api: {
        module: 'handler/handler.js',
        endpoints: ['/hello', '/leak', '/throw', '/many'].map((path) => ({
          method: 'GET',
          path,
          handler: path.slice(1),
        })),
      },
    }),
  );
  const out = join(work, `${name}.bundle.tar`);
  await bundleCli('pack', dir, '--out', out);
  await bundleCli('sign', out, '--key', key);
  return { path: out };
}

async function upload(bundle: { path: string }, token: string) {
  return fetch(`${url}/api/admin/bundles`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/vnd.extsys.bundle',
      'x-extsys-signature': Buffer.from(await readFile(`${bundle.path}.sig`)).toString('base64url'),
    },
    body: await readFile(bundle.path),
  });
}

async function admin(method: string, path: string, body?: unknown) {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function login(userId: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password: 'demo' }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(';', 1)[0]!;
}

/** Calls an extension endpoint as `userId`; answers the status, body and request id. */
async function callExt(userId: string, extensionId: string, path: string) {
  const tokenResponse = await fetch(`${url}/api/ext-token`, {
    method: 'POST',
    headers: { cookie: cookies[userId]!, 'content-type': 'application/json' },
    body: JSON.stringify({ extensionId }),
  });
  const { token } = (await tokenResponse.json()) as { token: string };
  const response = await fetch(`${url}/api/ext/${extensionId}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, text: await response.text(), requestId: response.headers.get('x-request-id')! };
}

/** An open log stream: its messages as they arrive, and a way to wait for one. */
async function openStream(headers: Record<string, string>, query = '') {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/logs/stream${query}`, { headers, signal: abort.signal });
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  // A refusal's body is read, so the connection goes back to the pool rather than staying open.
  if (response.status !== 200) await response.text();
  else {
    const decoder = new SseDecoder();
    const text = new TextDecoder();
    const reader = response.body!.getReader();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          messages.push(...decoder.push(text.decode(value, { stream: true })));
          for (const waiter of waiters) waiter();
        }
      } catch {
        // aborted
      }
    })();
  }
  const invocations = () =>
    messages.filter((m) => m.event === LOG_STREAM_EVENT.invocation).map((m) => JSON.parse(m.data) as Event);
  return {
    response,
    messages,
    invocations,
    close: () => abort.abort(),
    /** Resolves with the first invocation event `predicate` accepts (fails the test after 5 s). */
    async waitFor(predicate: (event: Event) => boolean): Promise<Event> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = invocations().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(invocations())}`);
        await new Promise<void>((r) => {
          waiters.add(r);
          setTimeout(r, 100);
        });
      }
    },
  };
}

async function waitForBacklog(requestId: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (gateway.logBacklog.all().some((entry) => entry.event.requestId === requestId)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`event ${requestId} never reached the gateway`);
}

beforeAll(async () => {
  system = await startInProcessSystem({
    name: 'logs',
    serviceToken: SERVICE_TOKEN,
    adminToken: ADMIN_TOKEN,
    gatewayEnv: {
      LOG_BACKLOG_EVENTS: '20',
      LOG_STREAMS_PER_CREDENTIAL: '2',
      EXT_RATE_LIMIT_BURST: '200',
      EXT_RATE_LIMIT_PER_SECOND: '100',
    },
  });
  ({ work, url, gateway } = system);
  const { key } = system;

  const bundles = {
    logger: await makeBundle('com.acme.logger', key),
    other: await makeBundle('com.globex.other', key),
  };
  expect((await upload(bundles.logger, ADMIN_TOKEN)).status).toBe(201);
  expect((await upload(bundles.other, ADMIN_TOKEN)).status).toBe(201);
  for (const [tenantId, extensionId] of [
    ['acme', 'com.acme.logger'],
    ['globex', 'com.acme.logger'],
    ['acme', 'com.globex.other'],
  ] as const) {
    const response = await admin('POST', '/api/admin/installs', {
      tenantId,
      extensionId,
      version: '1.0.0',
      secrets: { apiKey: tenantId === 'acme' ? SECRET : 'globex-api-key-000' },
    });
    expect(response.status, await response.clone().text()).toBe(201);
  }
  for (const user of ['alice', 'bob', 'carol']) cookies[user] = await login(user);
}, 60_000);

afterAll(async () => {
  await system?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('handler logs on the stream', () => {
  it('carries an invocation, its log lines and its outcome to a tenant admin, as it happens', async () => {
    const stream = await openStream({ cookie: cookies.alice! });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const started = performance.now();
    const called = await callExt('alice', 'com.acme.logger', '/hello');
    expect(called.status).toBe(200);
    const event = await stream.waitFor((e) => e.requestId === called.requestId);
    console.log(
      `stream latency after the call answered: ${(performance.now() - started).toFixed(1)} ms (call + event)`,
    );
    expect(InvocationEvent.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      tenantId: 'acme',
      extensionId: 'com.acme.logger',
      version: '1.0.0',
      method: 'GET',
      path: '/hello',
      handler: 'hello',
      route: '/hello',
      status: 200,
      logsTruncated: false,
    });
    expect(event.errorCode).toBeUndefined();
    expect(event.installId).toMatch(/^inst_/);
    expect(event.contentHash).toMatch(/^sha256:/);
    expect(event.logs.map(({ level, message }) => [level, message])).toEqual([
      ['info', 'hello from acme'],
      ['warn', 'careful'],
    ]);
    stream.close();
  });

  it('masks an install secret the handler logged', async () => {
    const stream = await openStream({ authorization: `Bearer ${ADMIN_TOKEN}` }, '?extension=com.acme.logger');
    const called = await callExt('alice', 'com.acme.logger', '/leak');
    const event = await stream.waitFor((e) => e.requestId === called.requestId);
    expect(event.logs[0]!.message).toBe('the key is [secret]');
    expect(JSON.stringify(stream.messages)).not.toContain(SECRET);
    stream.close();
  });

  it("gives a thrown error's text, masked, to an authorised reader and never to the extension's caller", async () => {
    const stream = await openStream({ cookie: cookies.alice! });
    const called = await callExt('alice', 'com.acme.logger', '/throw');
    expect(called.status).toBe(500);
    expect(called.text).not.toContain('boom');
    expect(called.text).not.toContain(SECRET);
    expect(JSON.parse(called.text)).toMatchObject({ error: { code: 'handler_trap' } });
    const event = await stream.waitFor((e) => e.requestId === called.requestId);
    expect(event).toMatchObject({ status: 500, errorCode: 'handler_trap' });
    expect(event.handlerError?.message).toContain('boom with [secret]');
    expect(event.handlerError?.stack).toContain('handler');
    // What it logged before it threw is kept.
    expect(event.logs.map((l) => l.message)).toEqual(['about to fail']);
    expect(JSON.stringify(event)).not.toContain(SECRET);
    stream.close();
  });

  it('replays what followed Last-Event-ID, then goes on live', async () => {
    const first = await callExt('alice', 'com.acme.logger', '/hello');
    await waitForBacklog(first.requestId);
    const firstId = gateway.logBacklog.all().find((e) => e.event.requestId === first.requestId)!.event.id;
    const second = await callExt('alice', 'com.acme.logger', '/many');
    await waitForBacklog(second.requestId);
    const stream = await openStream({ cookie: cookies.alice!, 'last-event-id': firstId });
    const replayed = await stream.waitFor((e) => e.requestId === second.requestId);
    expect(replayed.logs).toHaveLength(5);
    expect(stream.invocations().some((e) => e.requestId === first.requestId)).toBe(false);
    const third = await callExt('alice', 'com.acme.logger', '/hello');
    await stream.waitFor((e) => e.requestId === third.requestId);
    // Ids are the runner's `{boot}-{sequence}`, in order.
    const ids = stream.invocations().map((e) => Number(e.id.split('-').at(-1)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    stream.close();
  });

  it('says when Last-Event-ID is no longer in the backlog (a gap), then sends what it has', async () => {
    const stream = await openStream({ cookie: cookies.alice!, 'last-event-id': 'gone_boot-12' });
    await stream.waitFor(() => true);
    expect(stream.messages[0]).toMatchObject({ event: LOG_STREAM_EVENT.skipped });
    expect(JSON.parse(stream.messages[0]!.data)).toEqual({ skipped: 0, reason: 'gap' });
    stream.close();
  });

  it('keeps a bounded backlog (LOG_BACKLOG_EVENTS) of the newest events', async () => {
    const calls: { requestId: string }[] = [];
    for (let i = 0; i < 25; i++) calls.push(await callExt('carol', 'com.acme.logger', '/hello'));
    await waitForBacklog(calls.at(-1)!.requestId);
    const backlog = gateway.logBacklog.all();
    expect(backlog).toHaveLength(20);
    expect(backlog.at(-1)!.event.requestId).toBe(calls.at(-1)!.requestId);
    expect(backlog.some((e) => e.event.requestId === calls[0]!.requestId)).toBe(false);
  });
});

describe('GET /api/logs (the backlog, without following)', () => {
  it('lists the matching events, oldest first, at most `limit`', async () => {
    const called = await callExt('alice', 'com.acme.logger', '/many');
    await waitForBacklog(called.requestId);
    const response = await fetch(`${url}/api/logs?requestId=${called.requestId}`, {
      headers: { cookie: cookies.alice! },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { events: Event[]; truncated: boolean };
    expect(body.events.map((e) => e.requestId)).toEqual([called.requestId]);
    const limited = (await (
      await fetch(`${url}/api/logs?limit=2&tenant=globex`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { events: Event[]; truncated: boolean };
    expect(limited.events).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    expect(limited.events.every((e) => e.tenantId === 'globex')).toBe(true);
  });

  it('filters by time (since)', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    const body = (await (
      await fetch(`${url}/api/logs?since=${future}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { events: Event[] };
    expect(body.events).toEqual([]);
  });

  it('refuses a malformed filter with validation_failed', async () => {
    const response = await fetch(`${url}/api/logs?extension=NOT_AN_ID`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});

describe('who may read handler logs', () => {
  const refusal = async (response: Response) => {
    const body = (await response.json()) as { error: { code: string; message: string } };
    return { status: response.status, code: body.error.code, message: body.error.message };
  };

  for (const path of ['/api/logs', '/api/logs/stream']) {
    it(`${path}: no credential is 401 unauthenticated`, async () => {
      expect(await refusal(await fetch(`${url}${path}`))).toMatchObject({ status: 401, code: 'unauthenticated' });
    });

    it(`${path}: a wrong bearer token is 401`, async () => {
      const response = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer not-a-credential' } });
      expect(await refusal(response)).toMatchObject({ status: 401, code: 'unauthenticated' });
    });

    it(`${path}: a member (bob) is 403 forbidden`, async () => {
      const response = await fetch(`${url}${path}`, { headers: { cookie: cookies.bob! } });
      const answer = await refusal(response);
      expect(answer).toMatchObject({ status: 403, code: 'forbidden' });
      expect(answer.message).toContain('not an administrator');
    });

    it(`${path}: another tenant's admin (carol asking for acme) is 403 tenant_mismatch`, async () => {
      const response = await fetch(`${url}${path}?tenant=acme`, { headers: { cookie: cookies.carol! } });
      expect(await refusal(response)).toMatchObject({ status: 403, code: 'tenant_mismatch' });
    });
  }

  it("gives a tenant admin its own tenant's events only, whatever it asks", async () => {
    const acmeCall = await callExt('alice', 'com.acme.logger', '/hello');
    const globexCall = await callExt('carol', 'com.acme.logger', '/hello');
    await waitForBacklog(acmeCall.requestId);
    await waitForBacklog(globexCall.requestId);
    const body = (await (
      await fetch(`${url}/api/logs?limit=1000`, { headers: { cookie: cookies.carol! } })
    ).json()) as {
      events: Event[];
    };
    expect(body.events.length).toBeGreaterThan(0);
    expect(body.events.every((e) => e.tenantId === 'globex')).toBe(true);
  });

  describe('publisher credentials', () => {
    let acmeToken: string;

    beforeAll(async () => {
      const created = await admin('POST', '/api/admin/publishers', { name: 'Acme', extensions: ['com.acme.*'] });
      expect(created.status).toBe(201);
      const body = (await created.json()) as { token: string; publisher: { id: string; extensions: string[] } };
      expect(body.publisher.extensions).toEqual(['com.acme.*']);
      acmeToken = body.token;
    });

    it('are minted only by the platform admin, and listed without their token', async () => {
      const byTenantAdmin = await fetch(`${url}/api/admin/publishers`, {
        method: 'POST',
        headers: { cookie: cookies.alice!, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Mine', extensions: ['com.acme.*'] }),
      });
      expect(await refusal(byTenantAdmin)).toMatchObject({ status: 403, code: 'forbidden' });
      const list = await (await admin('GET', '/api/admin/publishers')).text();
      expect(list).toContain('com.acme.*');
      expect(list).not.toContain(acmeToken);
    });

    it("read their extensions' events in every tenant, and no other extension's", async () => {
      const mine = await callExt('carol', 'com.acme.logger', '/hello');
      const theirs = await callExt('alice', 'com.globex.other', '/hello');
      await waitForBacklog(mine.requestId);
      await waitForBacklog(theirs.requestId);
      const body = (await (
        await fetch(`${url}/api/logs?limit=1000`, { headers: { authorization: `Bearer ${acmeToken}` } })
      ).json()) as { events: Event[] };
      expect(body.events.some((e) => e.requestId === mine.requestId && e.tenantId === 'globex')).toBe(true);
      expect(body.events.every((e) => e.extensionId === 'com.acme.logger')).toBe(true);
    });

    it("are refused another extension's logs with 403", async () => {
      for (const path of ['/api/logs', '/api/logs/stream']) {
        const response = await fetch(`${url}${path}?extension=com.globex.other`, {
          headers: { authorization: `Bearer ${acmeToken}` },
        });
        expect(await refusal(response)).toMatchObject({ status: 403, code: 'forbidden' });
      }
    });

    it('publish bundles of their own extensions only, and manage no installs', async () => {
      const dir = join(work, 'keys');
      const other = await makeBundle('com.globex.third', join(dir, 'release.key.pem'));
      const refused = await upload(other, acmeToken);
      expect(await refusal(refused)).toMatchObject({ status: 403, code: 'forbidden' });
      const own = await makeBundle('com.acme.second', join(dir, 'release.key.pem'));
      expect((await upload(own, acmeToken)).status).toBe(201);
      const installs = await fetch(`${url}/api/admin/installs`, { headers: { authorization: `Bearer ${acmeToken}` } });
      expect(await refusal(installs)).toMatchObject({ status: 403, code: 'forbidden' });
    });

    it('stop working once revoked', async () => {
      const created = (await (
        await admin('POST', '/api/admin/publishers', { name: 'Temp', extensions: ['com.acme.logger'] })
      ).json()) as { token: string; publisher: { id: string } };
      expect((await fetch(`${url}/api/logs`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(
        200,
      );
      expect((await admin('DELETE', `/api/admin/publishers/${created.publisher.id}`)).status).toBe(204);
      expect((await fetch(`${url}/api/logs`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(
        401,
      );
    });
  });

  it('bounds the streams one credential holds (429 rate_limited past LOG_STREAMS_PER_CREDENTIAL)', async () => {
    const open = [await openStream({ cookie: cookies.carol! }), await openStream({ cookie: cookies.carol! })];
    expect(open.map((s) => s.response.status)).toEqual([200, 200]);
    const third = await fetch(`${url}/api/logs/stream`, { headers: { cookie: cookies.carol! } });
    expect(await refusal(third)).toMatchObject({ status: 429, code: 'rate_limited' });
    for (const stream of open) stream.close();
    // The slots free up when the streams close.
    for (let i = 0; i < 50; i++) {
      const again = await openStream({ cookie: cookies.carol! });
      again.close();
      if (again.response.status === 200) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the stream slots never freed up');
  });
});
