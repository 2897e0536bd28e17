import type { InvocationEvent } from '@extsys/protocol';
import { followLogs } from '../logs/log-client.js';

/** One log line a handler wrote (`log.info(…)` in the handler), or what it threw. */
export interface HandlerLogEntry {
  time: Date;
  level: string;
  message: string;
  requestId: string | undefined;
}

export interface FollowHandlerLogsOptions {
  extensionId: string;
  /** The dev stack's gateway and its admin token: `extsys logs --follow` with a filter. */
  gatewayUrl: string;
  adminToken: string;
  onEntry: (entry: HandlerLogEntry) => void;
  /** The stream could not be followed (refused, or the gateway went away for good). */
  onError: (error: Error) => void;
}

/**
 * Follows the extension's handler log lines through the gateway's log stream — the same events
 * `extsys logs --follow` prints, so what an author sees in dev is what they will read against any
 * gateway — and returns the function that stops following. A handler that threw shows its error
 * and stack (masked, authorised readers only: the caller of the API never gets them).
 */
export function followHandlerLogs(options: FollowHandlerLogsOptions): () => void {
  const stop = new AbortController();
  followLogs({
    gatewayUrl: options.gatewayUrl,
    credential: options.adminToken,
    filter: { extension: options.extensionId },
    signal: stop.signal,
    onEvent: (event) => {
      for (const entry of entriesOf(event)) options.onEntry(entry);
    },
  }).catch((error: unknown) => options.onError(error as Error));
  return () => stop.abort();
}

/** An invocation's log lines, then what it threw (message and mapped stack) as one error entry. */
export function entriesOf(event: InvocationEvent): HandlerLogEntry[] {
  const time = new Date(event.time);
  const entries: HandlerLogEntry[] = event.logs.map((line) => ({
    time,
    level: line.level,
    message: line.message,
    requestId: event.requestId,
  }));
  if (event.handlerError) {
    const { message, stack } = event.handlerError;
    entries.push({
      time,
      level: 'error',
      message: `threw ${message}${stack ? `\n${stack}` : ''}`,
      requestId: event.requestId,
    });
  }
  return entries;
}
