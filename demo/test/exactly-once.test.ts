// Exactly once across crashes and stalls, on the real stack: the runner and gateway as processes,
// the hello example's counter (a real TypeScript handler on js@1, KV in the runner's SQLite), keyed
// increments at concurrency 8 while the runner is SIGKILLed and SIGSTOPped at random moments.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeyedLoad, startStack, type KeyedCallOutcome, type Stack } from '../src/index.js';

const PORTS = { hostPort: 18281, runnerPort: 18280, quoteApiPort: 18282 };
const EXTENSION = 'com.example.hello';
/** The gateway's deadline; a stall outlasts it (plus the gateway's 1.5 s margin) so calls in flight fail. */
const GATEWAY_TIMEOUT_MS = 1000;

let work: string;
let stack: Stack;
let token: string;

async function post(path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(`${stack.hostUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

async function increment(key: string): Promise<KeyedCallOutcome> {
  try {
    const response = await fetch(`${stack.hostUrl}/api/ext/${EXTENSION}/counter/increment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
      signal: AbortSignal.timeout(15_000),
    });
    const replayed = response.headers.get('idempotent-replayed') === 'true';
    const body = (await response.json()) as { error?: { code: string } };
    return { ok: response.ok, status: response.status, replayed, ...(body.error ? { code: body.error.code } : {}) };
  } catch (error) {
    return { ok: false, status: 0, replayed: false, code: (error as Error).name };
  }
}

/** Waits until the stack answers three reads in a row (a restarted runner, fresh gateway connections). */
async function healthy(): Promise<void> {
  for (let inARow = 0, tries = 0; inARow < 3 && tries < 100; tries++) {
    const response = await fetch(`${stack.hostUrl}/api/ext/${EXTENSION}/counter`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => undefined);
    await response?.body?.cancel();
    inARow = response?.ok ? inARow + 1 : 0;
    if (inARow < 3) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function count(): Promise<number> {
  const response = await fetch(`${stack.hostUrl}/api/ext/${EXTENSION}/counter`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { count: number }).count;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'extsys-exactly-once-'));
  stack = await startStack({
    dataDir: join(work, 'data'),
    ...PORTS,
    gatewayEnv: {
      EXT_GATEWAY_TIMEOUT_MS: String(GATEWAY_TIMEOUT_MS),
      // The check is about faults, not rate limits.
      EXT_RATE_LIMIT_BURST: '100000',
      EXT_RATE_LIMIT_PER_SECOND: '100000',
      LOG_LEVEL: 'warn',
    },
    runnerEnv: { LOG_LEVEL: 'warn' },
  });
  const login = await post('/api/login', { userId: 'alice', password: 'demo' });
  const cookie = login.headers.getSetCookie()[0]!.split(';', 1)[0]!;
  token = ((await (await post('/api/ext-token', { extensionId: EXTENSION }, cookie)).json()) as { token: string })
    .token;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a keyed call under crashes and stalls of the runner', () => {
  it('is applied exactly once: final count = distinct acknowledged keys', async () => {
    const seed = Number(process.env['EXTSYS_FAULT_SEED'] ?? Date.now() % 100_000);
    const report = await runKeyedLoad({
      call: increment,
      readFinal: count,
      faults: {
        kill: () => stack.killRunner(),
        restart: () => stack.startRunner(),
        pause: () => stack.pauseRunner(),
        resume: () => stack.resumeRunner(),
      },
      concurrency: 8,
      durationMs: 20_000,
      stallMs: GATEWAY_TIMEOUT_MS + 2000,
      faultEveryMs: [1500, 3000],
      seed,
      settle: healthy,
      log: (line) => console.log(`exactly-once: ${line}`),
    });
    console.log(`exactly-once: ${JSON.stringify(report)}`);
    // The run really met faults and failures, and every failed key was retried.
    expect(report.kills + report.stalls).toBeGreaterThanOrEqual(3);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.retried).toBe(report.failed);
    expect(report.acknowledged).toBe(report.ok + report.retried - report.retryFailed);
    // Nothing acknowledged was lost, nothing applied twice. A key none of whose retries succeeded (a
    // slow machine can time out every attempt) may or may not have been applied: it widens the bound
    // by one, and with every key answered (the usual run) the check is final === acknowledged.
    const counts = JSON.stringify(report);
    expect(report.final, counts).toBeGreaterThanOrEqual(report.acknowledged);
    expect(report.final, counts).toBeLessThanOrEqual(report.acknowledged + report.retryFailed);
  }, 120_000);
});
