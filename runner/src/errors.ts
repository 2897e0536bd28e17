import { ProtocolError, type HandlerLogEntry } from '@extsys/protocol';

/** What a handler that ran and then failed had logged: its invocation event carries it. */
export interface HandlerRunLogs {
  logs: HandlerLogEntry[];
  logsTruncated: boolean;
}

/** A refusal the runner answers with `{error: envelope}` and the code's HTTP status. */
export class RunnerError extends ProtocolError {
  override name = 'RunnerError';
  /** What goes to the runner's log and never to the client: a handler's own error text and stack. */
  logOnly: Record<string, unknown> | undefined;

  /** The lines the handler logged before it failed (trap, timeout, memory...), when the engine has them. */
  handlerLogs: HandlerRunLogs | undefined;

  withLogOnly(detail: Record<string, unknown>): this {
    this.logOnly = detail;
    return this;
  }

  withHandlerLogs(logs: HandlerRunLogs): this {
    this.handlerLogs = logs;
    return this;
  }
}
