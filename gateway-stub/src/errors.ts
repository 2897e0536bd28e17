import { ProtocolError } from '@extsys/protocol';

/** A refusal the gateway answers with `{error: envelope}` and the code's HTTP status. */
export class GatewayError extends ProtocolError {
  override name = 'GatewayError';
}
