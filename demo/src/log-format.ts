import { styleText } from 'node:util';
import type { ServiceName } from './service-process.js';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
type Color = Parameters<typeof styleText>[0];
const LEVEL_COLORS: Record<string, Color> = { WARN: 'yellow', ERROR: 'red', FATAL: 'red', DEBUG: 'gray' };
const SERVICE_COLORS: Record<ServiceName, Color> = { runner: 'cyan', gateway: 'magenta' };

interface PinoLine {
  level?: number;
  time?: number;
  msg?: string;
  requestId?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string };
}

/**
 * One service log line for a person: `12:00:01 gateway INFO  GET /api/me → 200 2.1 ms req_…`.
 * pino's JSON lines are condensed; anything else is printed as it came.
 */
export function formatLogLine(service: ServiceName, line: string, color: boolean): string {
  const paint = (style: Color, text: string) => (color ? styleText(style, text) : text);
  const prefix = paint(SERVICE_COLORS[service], service.padEnd(7));
  let entry: PinoLine;
  try {
    entry = JSON.parse(line) as PinoLine;
  } catch {
    return `${' '.repeat(8)} ${prefix} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.level !== 'number') {
    return `${' '.repeat(8)} ${prefix} ${line}`;
  }
  const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[entry.level] ?? String(entry.level);
  const levelText = paint(LEVEL_COLORS[level] ?? 'green', level.padEnd(5));
  let message = entry.msg ?? '';
  if (message === 'incoming request' && entry.req) message = `${entry.req.method ?? ''} ${entry.req.url ?? ''}`;
  else if (message === 'request completed' && entry.res) {
    message = `→ ${entry.res.statusCode ?? '?'} ${entry.responseTime === undefined ? '' : `${entry.responseTime.toFixed(1)} ms`}`;
  }
  if (entry.err?.message) message += `: ${entry.err.message}`;
  const id = entry.requestId ?? entry.reqId;
  return `${paint('gray', time)} ${prefix} ${levelText} ${message}${id ? ` ${paint('gray', id)}` : ''}`;
}
