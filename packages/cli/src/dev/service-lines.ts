import type { ServiceName } from '@extsys/demo';
import type { DevTerminal } from './terminal.js';

interface PinoLine {
  level?: number | string;
  time?: number;
  msg?: string;
  audit?: string;
  extensionId?: string;
  method?: string;
  url?: string;
  status?: number;
  outcome?: string;
  durationMs?: number;
  reqId?: string;
  requestId?: string;
  userId?: string;
  event?: string;
  code?: string;
  detail?: string;
  err?: { message?: string };
}

const LEVELS: Record<number, 'WARN' | 'ERROR' | 'FATAL'> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * Reads the stack's service log lines (pino JSON) for what the author wants to see, and prints it:
 * the gateway's `ext.result` audit line of each call to this extension (method, path, status,
 * duration, request id), the host page's frame events (`dev.frame`), and any warning or error of
 * the services. Everything else (the services' request logs, start-up lines) is left out.
 */
export function printServiceLine(terminal: DevTerminal, extensionId: string, service: ServiceName, raw: string): void {
  let line: PinoLine;
  try {
    line = JSON.parse(raw) as PinoLine;
  } catch {
    return; // not pino: a service's stray output
  }
  if (typeof line !== 'object' || line === null) return;
  const time = new Date(line.time ?? Date.now());
  const prefix = `/api/ext/${extensionId}`;
  if (service === 'gateway' && line.audit === 'ext.result') {
    if (line.extensionId !== extensionId && !line.url?.startsWith(`${prefix}/`)) return;
    terminal.request({
      time,
      method: line.method ?? '?',
      path: line.url?.startsWith(prefix) ? line.url.slice(prefix.length) || '/' : (line.url ?? '?'),
      status: line.status ?? 0,
      outcome: line.outcome,
      durationMs: line.durationMs ?? 0,
      requestId: line.requestId ?? line.reqId ?? '',
    });
    return;
  }
  if (service === 'gateway' && line.audit === 'dev.frame') {
    if (line.extensionId !== extensionId) return;
    terminal.frame({
      time,
      event: line.event ?? '?',
      userId: line.userId ?? '?',
      code: line.code,
      detail: line.detail,
    });
    return;
  }
  const level = typeof line.level === 'number' ? LEVELS[line.level] : undefined;
  // The handler's own lines (the runner logs them as `handler: …`) come through followHandlerLogs.
  if (level && !line.msg?.startsWith('handler: ')) {
    terminal.service(service, time, level, `${line.msg ?? ''}${line.err?.message ? `: ${line.err.message}` : ''}`);
  }
}
