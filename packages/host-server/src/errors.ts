import { ProtocolError } from '@extsys/protocol';

/**
 * A refusal of the host's server side: answered as `{error: envelope}` with the code's HTTP status.
 * `code` is stable (`@extsys/protocol`'s table); `message` tells a person what to do.
 */
export class HostServerError extends ProtocolError {
  override name = 'HostServerError';
}
