import { styleText } from 'node:util';
import type { ServiceName } from '@extsys/demo';
import type { HandlerLogEntry } from './handler-logs.js';

type Color = Parameters<typeof styleText>[0];

/**
 * What `extsys dev` prints while it runs, one line per event, as it happens: builds and publishes,
 * each request to the extension, its handler's log lines, the frame's connection events, and the
 * services' warnings and errors. Colours only on a terminal.
 */
export class DevTerminal {
  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly color = out.isTTY === true && !process.env['NO_COLOR'],
  ) {}

  private paint(style: Color, text: string): string {
    return this.color ? styleText(style, text) : text;
  }

  private line(time: Date, kind: string, style: Color, text: string): void {
    const clock = time.toTimeString().slice(0, 8);
    this.out.write(`${this.paint('gray', clock)} ${this.paint(style, kind.padEnd(7))} ${text}\n`);
  }

  info(text: string): void {
    this.line(new Date(), 'dev', 'green', text);
  }

  warn(text: string): void {
    this.line(new Date(), 'dev', 'yellow', text);
  }

  /** A build failure: the compiler's whole report, indented. */
  buildFailed(report: string): void {
    const [first = '', ...rest] = report.split('\n');
    this.line(new Date(), 'build', 'red', first);
    for (const text of rest) this.out.write(`         ${text}\n`);
  }

  request(event: RequestLine): void {
    const status = event.status >= 500 ? 'red' : event.status >= 400 ? 'yellow' : 'green';
    const outcome = event.outcome && event.outcome !== 'ok' ? ` ${event.outcome}` : '';
    this.line(
      event.time,
      'request',
      'cyan',
      `${event.method} ${event.path} ${this.paint(status, String(event.status))}${outcome} ${event.durationMs.toFixed(1)} ms ${this.paint('gray', event.requestId)}`,
    );
  }

  handlerLog(entry: HandlerLogEntry): void {
    const level = entry.level === 'error' ? 'red' : entry.level === 'warn' ? 'yellow' : 'white';
    const id = entry.requestId ? ` ${this.paint('gray', entry.requestId)}` : '';
    // A thrown error's stack follows its message, indented under it.
    const [first = '', ...rest] = entry.message.split('\n');
    this.line(entry.time, 'handler', 'magenta', `${this.paint(level, entry.level.padEnd(5))} ${first}${id}`);
    for (const text of rest) this.out.write(`                       ${text}\n`);
  }

  frame(event: FrameLine): void {
    const style: Color = event.event === 'error' ? 'red' : event.event === 'connected' ? 'green' : 'white';
    const names: Record<string, string> = {
      connecting: 'connecting…',
      connected: 'connected',
      reconnecting: 'reconnecting (the extension page reloaded)',
      error: 'failed',
      token: 'token issued',
    };
    const detail = event.code || event.detail ? `: ${[event.code, event.detail].filter(Boolean).join(' ')}` : '';
    this.line(
      event.time,
      'frame',
      style,
      `${this.paint(style, names[event.event] ?? event.event)}${detail} (${event.userId})`,
    );
  }

  service(service: ServiceName, time: Date, level: 'WARN' | 'ERROR' | 'FATAL', message: string): void {
    this.line(time, service, level === 'WARN' ? 'yellow' : 'red', `${level} ${message}`);
  }
}

/** A call to the extension, as the gateway's audit line tells it. */
export interface RequestLine {
  time: Date;
  method: string;
  /** The extension's own path (`/counter`), without `/api/ext/<id>`. */
  path: string;
  status: number;
  outcome: string | undefined;
  durationMs: number;
  requestId: string;
}

/** A frame event the host page reported, as the gateway logged it. */
export interface FrameLine {
  time: Date;
  event: string;
  userId: string;
  code: string | undefined;
  detail: string | undefined;
}
