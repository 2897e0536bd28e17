import { errorEnvelope, type ErrorCode, type ErrorDetails, type ErrorEnvelope } from '@extsys/protocol/errors';

/**
 * Every error the host bridge throws or rejects with. `code` is a stable protocol `ErrorCode`
 * (match on it); `message` says what was wrong and what to do about it.
 */
export class HostBridgeError extends Error {
  override readonly name = 'HostBridgeError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** The protocol envelope of this error (what travels over the bridge). */
  toEnvelope(): ErrorEnvelope {
    return errorEnvelope(this.code, this.message, this.details ? { details: this.details } : {});
  }

  static fromEnvelope(envelope: ErrorEnvelope): HostBridgeError {
    return new HostBridgeError(envelope.code, envelope.message, envelope.details);
  }
}

/** Wraps anything thrown by host code (a service, `getToken`) as a HostBridgeError. */
export function asHostBridgeError(error: unknown, code: ErrorCode, context: string): HostBridgeError {
  if (error instanceof HostBridgeError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new HostBridgeError(code, `${context}: ${reason}`);
}
