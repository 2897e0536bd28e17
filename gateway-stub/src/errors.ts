import { errorEnvelope, type ErrorCode, type ErrorDetails, type ErrorEnvelope } from '@extsys/protocol';

/** A refusal the gateway answers with `{error: envelope}` and the code's HTTP status. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  toEnvelope(requestId: string): ErrorEnvelope {
    return errorEnvelope(this.code, this.message, {
      requestId,
      ...(this.details === undefined ? {} : { details: this.details }),
    });
  }
}
