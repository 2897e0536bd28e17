import type { ServiceName } from '@extsys/demo';

/** One log line a handler wrote (`log.info(…)` in the handler). */
export interface HandlerLogEntry {
  time: Date;
  level: string;
  message: string;
  requestId: string | undefined;
}

/** Every service log line of the dev stack, fanned out (startStack's `onLog`). */
export type ServiceLogFeed = (listener: (service: ServiceName, line: string) => void) => () => void;

export interface FollowHandlerLogsOptions {
  extensionId: string;
  serviceLogs: ServiceLogFeed;
  /** The dev gateway and its admin token: what an event-stream source will need (unused for now). */
  gatewayUrl: string;
  adminToken: string;
  onEntry: (entry: HandlerLogEntry) => void;
}

interface RunnerLine {
  time?: number;
  msg?: string;
  level?: number | string;
  extensionId?: string;
  reqId?: string;
  requestId?: string;
}

const PREFIX = 'handler: ';

/**
 * Follows the extension's handler log lines; returns the function that stops following.
 *
 * The one place `extsys dev` reads handler logs from. For now they come from the runner's own log
 * (its `handler: …` lines carry tenantId, extensionId and the handler's level); once the runner
 * publishes handler log events through the gateway, this becomes `followLogs()` of `extsys logs`
 * with the same callback.
 */
export function followHandlerLogs(options: FollowHandlerLogsOptions): () => void {
  return options.serviceLogs((service, line) => {
    if (service !== 'runner' || !line.includes(PREFIX)) return;
    let entry: RunnerLine;
    try {
      entry = JSON.parse(line) as RunnerLine;
    } catch {
      return;
    }
    if (entry.extensionId !== options.extensionId || !entry.msg?.startsWith(PREFIX)) return;
    options.onEntry({
      time: new Date(entry.time ?? Date.now()),
      // The handler's own level (the runner logs every handler line at info with `level` overridden).
      level: typeof entry.level === 'string' ? entry.level : 'info',
      message: entry.msg.slice(PREFIX.length),
      requestId: entry.requestId ?? entry.reqId,
    });
  });
}
