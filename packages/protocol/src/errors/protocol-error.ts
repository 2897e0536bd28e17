import type { ErrorCode } from './codes.js';
import { errorEnvelope, type ErrorDetails, type ErrorEnvelope } from './envelope.js';

/**
 * An error that carries its protocol code: services throw it and answer `{error: toEnvelope()}`
 * with the code's HTTP status; clients rebuild it from an envelope they receive.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  toEnvelope(requestId?: string): ErrorEnvelope {
    return errorEnvelope(this.code, this.message, {
      ...(requestId === undefined ? {} : { requestId }),
      ...(this.details === undefined ? {} : { details: this.details }),
    });
  }
}
