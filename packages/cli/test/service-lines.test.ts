import { describe, expect, it } from 'vitest';
import type { InvocationEvent } from '@extsys/protocol';
import { entriesOf } from '../src/dev/handler-logs.js';
import { printServiceLine } from '../src/dev/service-lines.js';
import { DevTerminal } from '../src/dev/terminal.js';

const ID = 'com.example.hello';

function terminal() {
  const lines: string[] = [];
  const out = { write: (text: string) => lines.push(text), isTTY: false } as unknown as NodeJS.WriteStream;
  return { lines, terminal: new DevTerminal(out, false) };
}

describe("the dev terminal's reading of the stack's log", () => {
  it("prints each call to the extension from the gateway's ext.result line, and no other extension's", () => {
    const { lines, terminal: t } = terminal();
    const call = (extensionId: string) =>
      JSON.stringify({
        level: 30,
        time: Date.UTC(2026, 0, 1, 12),
        audit: 'ext.result',
        method: 'GET',
        url: `/api/ext/${extensionId}/counter?x=1`,
        extensionId,
        status: 200,
        outcome: 'ok',
        durationMs: 12.34,
        requestId: 'req_abc',
      });
    printServiceLine(t, ID, 'gateway', call(ID));
    printServiceLine(t, ID, 'gateway', call('com.example.other'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/request GET \/counter\?x=1 200 12\.3 ms req_abc\n$/);
  });

  it('prints frame events and service errors, and leaves the rest out', () => {
    const { lines, terminal: t } = terminal();
    printServiceLine(
      t,
      ID,
      'gateway',
      JSON.stringify({ level: 30, audit: 'dev.frame', extensionId: ID, event: 'connected', userId: 'alice' }),
    );
    printServiceLine(t, ID, 'runner', JSON.stringify({ level: 50, msg: 'bundle store unreadable' }));
    printServiceLine(t, ID, 'gateway', JSON.stringify({ level: 30, msg: 'incoming request' }));
    printServiceLine(t, ID, 'gateway', 'not json');
    expect(lines.map((l) => l.slice(9).trim())).toEqual([
      'frame   connected (alice)',
      'runner  ERROR bundle store unreadable',
    ]);
  });

  it("turns an invocation event into the handler's lines, its thrown error last", () => {
    const event = {
      time: '2026-01-01T12:00:00.000Z',
      requestId: 'req_1',
      logs: [{ level: 'warn', message: 'counter is 3' }],
      handlerError: { message: 'boom', stack: 'at crash (handler/greeting.ts:4:9)' },
    } as unknown as InvocationEvent;
    expect(entriesOf(event)).toEqual([
      { time: new Date(event.time), level: 'warn', message: 'counter is 3', requestId: 'req_1' },
      {
        time: new Date(event.time),
        level: 'error',
        message: 'threw boom\nat crash (handler/greeting.ts:4:9)',
        requestId: 'req_1',
      },
    ]);
  });
});
