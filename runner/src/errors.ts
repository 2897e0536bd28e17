import { ProtocolError } from '@extsys/protocol';

/** A refusal the runner answers with `{error: envelope}` and the code's HTTP status. */
export class RunnerError extends ProtocolError {
  override name = 'RunnerError';
}
