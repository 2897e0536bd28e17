import { ProtocolError, type ErrorCode, type ErrorEnvelope } from '@extsys/protocol/errors';

/**
 * Every error the host bridge throws or rejects with. `code` is a stable protocol `ErrorCode`
 * (match on it); `message` says what was wrong and what to do about it; `toEnvelope()` is what
 * travels over the bridge.
 */
export class HostBridgeError extends ProtocolError {
  override readonly name = 'HostBridgeError';

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
