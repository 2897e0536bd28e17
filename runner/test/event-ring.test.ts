import { LOG_EVENT_LIMITS } from '@extsys/protocol';
import { describe, expect, it } from 'vitest';
import { EventRing } from '../src/events/event-ring.js';
import { fitInvocationEvent } from '../src/events/fit-event.js';
import { invocationEvent } from './support/invocation-event.js';

const event = invocationEvent;

describe('EventRing', () => {
  it('numbers events {boot}-{sequence} and replays what follows an id', () => {
    const ring = new EventRing({ maxEvents: 10, maxBytes: 1e6 });
    const ids = ['a', 'b', 'c'].map((r) => ring.publish(event(r)).id);
    expect(ids).toEqual([1, 2, 3].map((n) => `${ring.boot}-${n}`));
    expect(ring.after(ids[0]).entries.map((e) => e.id)).toEqual(ids.slice(1));
    expect(ring.after(ids[2])).toEqual({ entries: [], lost: 0 });
    expect(ring.after(undefined).entries).toHaveLength(3);
  });

  it('keeps at most maxEvents and maxBytes, and counts what a resuming reader lost', () => {
    const ring = new EventRing({ maxEvents: 3, maxBytes: 1e6 });
    const ids = Array.from({ length: 6 }, (_, i) => ring.publish(event(`r${i}`)).id);
    expect(ring.size).toBe(3);
    expect(ring.after(ids[0])).toMatchObject({ lost: 2 });
    expect(ring.after(ids[0]).entries.map((e) => e.id)).toEqual(ids.slice(3));
    const small = new EventRing({ maxEvents: 100, maxBytes: 1500 });
    for (let i = 0; i < 20; i++) small.publish(event(`r${i}`));
    expect(small.size).toBeLessThan(20);
    expect(small.after(undefined).entries.reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(1500);
  });

  it("gives a reader with another boot's id everything it keeps (a restarted runner is not confused)", () => {
    const before = new EventRing({ maxEvents: 10, maxBytes: 1e6 });
    const oldId = before.publish(event('old')).id;
    const after = new EventRing({ maxEvents: 10, maxBytes: 1e6 });
    after.publish(event('new'));
    expect(after.boot).not.toBe(before.boot);
    expect(after.after(oldId)).toMatchObject({ lost: 0, entries: [{ id: `${after.boot}-1` }] });
  });

  it('tells live subscribers, until they leave', () => {
    const ring = new EventRing({ maxEvents: 10, maxBytes: 1e6 });
    const seen: string[] = [];
    const leave = ring.subscribe((entry) => seen.push(entry.id));
    ring.publish(event('a'));
    leave();
    ring.publish(event('b'));
    expect(seen).toEqual([`${ring.boot}-1`]);
  });
});

describe('fitInvocationEvent', () => {
  it('cuts long lines and drops lines from the end until the event fits, and says so', () => {
    const logs = Array.from({ length: 300 }, (_, i) => ({
      level: 'info' as const,
      message: `${i} ${'x'.repeat(8000)}`,
      atMs: i,
    }));
    const fitted = fitInvocationEvent(event('big', logs));
    expect(fitted.logsTruncated).toBe(true);
    expect(fitted.logs[0]!.message.length).toBe(LOG_EVENT_LIMITS.maxLineChars);
    expect(fitted.logs[0]!.message.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(JSON.stringify({ id: 'x'.repeat(64), ...fitted }))).toBeLessThanOrEqual(
      LOG_EVENT_LIMITS.maxEventBytes,
    );
    const ring = new EventRing({ maxEvents: 10, maxBytes: 1e6 });
    expect(() => ring.publish(fitted)).not.toThrow();
  });

  it('leaves an event that fits as it is', () => {
    const small = event('small', [{ level: 'warn', message: 'hi', atMs: 0 }]);
    expect(fitInvocationEvent(small)).toEqual(small);
  });
});
