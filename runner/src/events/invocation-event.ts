import {
  HandlerResponse,
  decodeFrame,
  errorCodeInfo,
  type ErrorCode,
  type ExecuteRequest,
  type HandlerLogEntry,
  type InvocationEvent,
} from '@extsys/protocol';
import type { StoredAnswer } from '../state/idempotency.js';
import { RunnerError } from '../errors.js';
import { fitInvocationEvent } from './fit-event.js';

/** How a call ended, as the execute route knows it. */
export type InvocationOutcome =
  | { kind: 'answered'; status: number; logs: HandlerLogEntry[]; logsTruncated: boolean }
  | { kind: 'replayed'; answer: StoredAnswer }
  | { kind: 'failed'; error: unknown };

/**
 * The event of one `/v1/execute` call, bounded (fit-event.ts), every log line and error text passed
 * through `mask` (the call's secret masker). A handler's own error text (`RunnerError.logOnly`) goes
 * here and to the runner's log, never to the caller.
 */
export function invocationEvent(
  execute: ExecuteRequest,
  outcome: InvocationOutcome,
  durationMs: number,
  mask: (text: string) => string,
): Omit<InvocationEvent, 'id'> {
  const { context, route, http } = execute;
  const base = {
    time: new Date().toISOString(),
    tenantId: context.tenantId,
    extensionId: context.extensionId,
    installId: context.installId,
    version: context.version,
    contentHash: context.contentHash,
    requestId: context.requestId,
    method: http.method,
    path: http.path,
    handler: route.handler,
    route: route.pattern,
    durationMs: Math.round(durationMs * 10) / 10,
  };
  const maskLines = (logs: HandlerLogEntry[]) => logs.map((line) => ({ ...line, message: mask(line.message) }));
  switch (outcome.kind) {
    case 'answered':
      return fitInvocationEvent({
        ...base,
        status: outcome.status,
        logs: maskLines(outcome.logs),
        logsTruncated: outcome.logsTruncated,
      });
    case 'replayed':
      return { ...base, status: replayedStatus(outcome.answer), replayed: true, logs: [], logsTruncated: false };
    case 'failed': {
      const { error } = outcome;
      const code: ErrorCode = error instanceof RunnerError ? error.code : 'internal';
      const thrown = error instanceof RunnerError ? error.logOnly : undefined;
      return fitInvocationEvent({
        ...base,
        status: errorCodeInfo(code).status,
        errorCode: code,
        errorMessage: error instanceof RunnerError ? mask(error.message) : 'the runner failed unexpectedly',
        ...(thrown === undefined
          ? {}
          : {
              handlerError: {
                message: mask(typeof thrown['message'] === 'string' ? thrown['message'] : ''),
                ...(typeof thrown['stack'] === 'string' ? { stack: mask(thrown['stack']) } : {}),
              },
            }),
        logs: maskLines(error instanceof RunnerError ? (error.handlerLogs?.logs ?? []) : []),
        logsTruncated: error instanceof RunnerError ? (error.handlerLogs?.logsTruncated ?? false) : false,
      });
    }
  }
}

/** The status a replayed answer carries: the stored frame's handler status, or the stored refusal's. */
function replayedStatus(answer: StoredAnswer): number {
  const frame = decodeFrame(answer.body);
  if (!frame.ok) return answer.status;
  const header = HandlerResponse.safeParse(frame.header);
  return header.success ? header.data.status : answer.status;
}
