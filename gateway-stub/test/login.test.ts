// POST /api/login against a real listening gateway: constant-time password check, failed-login limits
// per user id and per client address. The limiter's clock is the test's: nothing waits, nothing times.
import { request as httpRequest } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponse } from '@extsys/protocol';
import { DEFAULT_LOGIN_LIMITS, createGateway, loadConfig, type Gateway } from '../src/index.js';
import { MemoryLoginAttemptStore } from '../src/state/memory-login-attempt-store.js';

let gateway: Gateway;
let port: number;
let now = Date.UTC(2026, 0, 1);
const logLines: Record<string, unknown>[] = [];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One login from `from` (a loopback address: each is its own client address for the gateway). */
function login(userId: string, password: string, from = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/api/login',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ userId, password }));
  });
}

async function statuses(count: number, userId: string, password: string, from?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await login(userId, password, from)).status);
  return out;
}

function refusal(answer: Answer) {
  const parsed = ErrorResponse.safeParse(JSON.parse(answer.body));
  expect(parsed.success, answer.body).toBe(true);
  return parsed.data!.error;
}

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'extsys-login-'));
  gateway = await createGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      GATEWAY_DATA_DIR: join(work, 'gateway'),
      BUNDLE_STORE: join(work, 'store'),
      RUNNER_SERVICE_TOKEN: 'login-test-service-token-0123456789abc',
      DEMO_PASSWORD: 'correct horse',
      HOST_APP_DIR: join(work, 'no-host-app'),
    }),
    {
      loginLimits: { ...DEFAULT_LOGIN_LIMITS, now: () => now },
      logStream: { write: (line) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
    },
  );
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  port = (gateway.app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await gateway?.app.close();
});

describe('POST /api/login', () => {
  it('answers a wrong password and an unknown user alike, and accepts the right one', async () => {
    const wrong = await login('alice', 'correct horse!', '127.0.1.1');
    const short = await login('alice', 'c', '127.0.1.1');
    const unknown = await login('mallory', 'correct horse', '127.0.1.1');
    for (const answer of [wrong, short, unknown]) {
      expect(answer.status).toBe(401);
      expect(refusal(answer)).toMatchObject({ code: 'unauthenticated', message: 'unknown user or wrong password' });
    }
    const ok = await login('alice', 'correct horse', '127.0.1.1');
    expect(ok.status).toBe(200);
    expect(String(ok.headers['set-cookie'])).toMatch(/^extsys_session=/);
    // Failed logins are logged with the user id they named, never the password.
    const failed = logLines.filter((line) => line.audit === 'login.failed');
    expect(failed.map((line) => line.userId)).toEqual(['alice', 'alice', 'mallory']);
    expect(JSON.stringify(logLines)).not.toContain('correct horse');
  });

  it('refuses a user id after 5 failures with 429 rate_limited and Retry-After, even with the right password', async () => {
    expect(await statuses(5, 'bob', 'guess', '127.0.2.1')).toEqual([401, 401, 401, 401, 401]);
    // From another address too: the limit is the user id's.
    for (const from of ['127.0.2.1', '127.0.2.2']) {
      const refused = await login('bob', 'correct horse', from);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.headers['set-cookie']).toBeUndefined();
      expect(refusal(refused)).toEqual({
        code: 'rate_limited',
        message: 'too many failed logins for this user; retry in 60 s',
        requestId: refused.headers['x-request-id'],
        retriable: true,
        status: 429,
        details: { retryAfterSeconds: 60 },
      });
    }
    expect(logLines.filter((line) => line.audit === 'login.refused' && line.userId === 'bob')).toHaveLength(2);
  });

  it('does not refuse other users, from the same address or any other', async () => {
    expect(await statuses(5, 'carol', 'guess', '127.0.3.1')).toEqual([401, 401, 401, 401, 401]);
    expect((await login('carol', 'correct horse', '127.0.3.1')).status).toBe(429);
    expect((await login('alice', 'correct horse', '127.0.3.1')).status).toBe(200);
    expect((await login('bob', 'correct horse', '127.0.3.2')).status).toBe(429); // bob's own window, still
    expect((await login('alice', 'correct horse', '127.0.3.2')).status).toBe(200);
  });

  it('counts down Retry-After and lets the right password in once the window has passed', async () => {
    expect(await statuses(5, 'alice', 'guess', '127.0.4.1')).toEqual([401, 401, 401, 401, 401]);
    now += 45_000;
    const later = await login('alice', 'correct horse', '127.0.4.1');
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('15');
    now += 15_001;
    expect((await login('alice', 'correct horse', '127.0.4.1')).status).toBe(200);
    // bob's and carol's windows (earlier tests) are over as well.
    expect((await login('bob', 'correct horse', '127.0.4.2')).status).toBe(200);
    expect((await login('carol', 'correct horse', '127.0.4.2')).status).toBe(200);
  });

  it('is a sliding window: an old failure leaves it, recent ones stay', async () => {
    expect(await statuses(1, 'alice', 'guess', '127.0.5.1')).toEqual([401]);
    now += 50_000;
    expect(await statuses(4, 'alice', 'guess', '127.0.5.1')).toEqual([401, 401, 401, 401]);
    expect((await login('alice', 'guess', '127.0.5.1')).status).toBe(429);
    now += 10_001; // the first failure has left the window: 4 remain
    expect(await statuses(1, 'alice', 'guess', '127.0.5.1')).toEqual([401]);
    const refused = await login('alice', 'correct horse', '127.0.5.1');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('50');
    now += 60_000;
  });

  it('clears a user’s failures on success', async () => {
    expect(await statuses(4, 'alice', 'guess', '127.0.6.1')).toEqual([401, 401, 401, 401]);
    expect((await login('alice', 'correct horse', '127.0.6.1')).status).toBe(200);
    expect(await statuses(4, 'alice', 'guess', '127.0.6.1')).toEqual([401, 401, 401, 401]);
    expect((await login('alice', 'correct horse', '127.0.6.1')).status).toBe(200);
  });

  it('refuses an address after 20 failures across user ids; others are unaffected', async () => {
    const sprayed: number[] = [];
    for (let i = 0; i < 20; i++) sprayed.push((await login(`user-${i}`, 'correct horse', '127.0.7.1')).status);
    expect(new Set(sprayed)).toEqual(new Set([401]));
    const refused = await login('carol', 'correct horse', '127.0.7.1');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refusal(refused)).toMatchObject({
      code: 'rate_limited',
      message: 'too many failed logins from this address; retry in 60 s',
    });
    // carol is not refused elsewhere, and a success elsewhere does not free the address.
    expect((await login('carol', 'correct horse', '127.0.7.2')).status).toBe(200);
    expect((await login('alice', 'correct horse', '127.0.7.1')).status).toBe(429);
    now += 60_001;
    expect((await login('carol', 'correct horse', '127.0.7.1')).status).toBe(200);
  });
});

describe('failed logins in memory (without DATABASE_URL)', () => {
  it('forgets the least recently failed keys beyond maxKeys (bounded memory)', async () => {
    const store = new MemoryLoginAttemptStore({ ...DEFAULT_LOGIN_LIMITS, maxKeys: 3, now: () => 0 });
    for (let i = 0; i < 5; i++) expect((await store.begin('target', '10.0.0.1')).ok).toBe(true);
    expect(await store.begin('target', '10.0.0.9')).toEqual({ ok: false, scope: 'user', retryAfterSeconds: 60 });
    for (const user of ['u1', 'u2', 'u3']) await store.begin(user, `10.0.1.${user}`);
    expect((await store.begin('target', '10.0.0.9')).ok).toBe(true);
  });
});
