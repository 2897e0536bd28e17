// GET /v1/events: only the gateway's service credential opens it; it replays from Last-Event-ID.
import { LOG_STREAM_EVENT, SseDecoder, type SseMessage } from '@extsys/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TOKEN } from './support/execute.js';
import { startRunner, type StartedRunner } from './support/runner.js';
import { tempDir } from './support/bundles.js';
import { invocationEvent } from './support/invocation-event.js';

let runner: StartedRunner;

const publish = (requestId: string) =>
  runner.events.publish(invocationEvent(requestId, [{ level: 'info', message: `line of ${requestId}`, atMs: 0 }]));

/** Reads the stream until `count` invocation messages arrived. */
async function read(headers: Record<string, string>, count: number): Promise<SseMessage[]> {
  const abort = new AbortController();
  const response = await fetch(`${runner.url}/v1/events`, { headers, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const decoder = new SseDecoder();
  const text = new TextDecoder();
  const reader = response.body!.getReader();
  const messages: SseMessage[] = [];
  while (messages.filter((m) => m.event === LOG_STREAM_EVENT.invocation).length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    messages.push(...decoder.push(text.decode(value, { stream: true })));
  }
  abort.abort();
  return messages;
}

beforeAll(async () => {
  const dir = await tempDir('events');
  runner = await startRunner({
    RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
    REQUIRE_SIGNATURES: 'false',
    BUNDLE_STORE: dir,
    BUNDLE_CACHE_DIR: `${dir}/cache`,
    RUNNER_EVENTS_BACKLOG: '3',
  });
});

afterAll(async () => {
  const closing = runner?.close();
  runner?.app.server.closeAllConnections();
  await closing;
});

describe('GET /v1/events', () => {
  it('refuses a caller without the service credential (401 service_auth_invalid)', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token' },
      { authorization: SERVICE_TOKEN },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${runner.url}/v1/events`, { headers });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('service_auth_invalid');
    }
  });

  it('replays the backlog, then what follows Last-Event-ID, with a gap notice past the backlog', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'].map((r) => publish(r).id);
    const auth = { authorization: `Bearer ${SERVICE_TOKEN}` };
    const all = await read(auth, 3);
    expect(all.map((m) => m.id)).toEqual(ids.slice(2));
    expect(JSON.parse(all[0]!.data)).toMatchObject({ id: ids[2], requestId: 'c', logs: [{ message: 'line of c' }] });
    const resumed = await read({ ...auth, 'last-event-id': ids[3]! }, 1);
    expect(resumed.map((m) => m.id)).toEqual([ids[4]]);
    const gap = await read({ ...auth, 'last-event-id': ids[0]! }, 3);
    expect(gap[0]).toMatchObject({ event: LOG_STREAM_EVENT.skipped });
    expect(JSON.parse(gap[0]!.data)).toEqual({ skipped: 1, reason: 'gap' });
  });

  it('sends live events after the replay', async () => {
    const auth = { authorization: `Bearer ${SERVICE_TOKEN}`, 'last-event-id': publish('before').id };
    const reading = read(auth, 1);
    setTimeout(() => publish('live'), 50);
    const [message] = await reading;
    expect(JSON.parse(message!.data)).toMatchObject({ requestId: 'live' });
  });
});
