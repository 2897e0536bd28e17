import { ProtocolError } from '@extsys/protocol';

/** A refusal the runner answers with `{error: envelope}` and the code's HTTP status. */
export class RunnerError extends ProtocolError {
  override name = 'RunnerError';
  /** What goes to the runner's log and never to the client: a handler's own error text and stack. */
  logOnly: Record<string, unknown> | undefined;

  withLogOnly(detail: Record<string, unknown>): this {
    this.logOnly = detail;
    return this;
  }
}
